using Microsoft.AspNetCore.Http.Features;

namespace CitySense.Benchmarks.Handlers;

/// <summary>What Kestrel tells handlers about a request with a body; minimal-API body binding reads only when it is set.</summary>
internal sealed class RequestBodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
{
    public bool CanHaveBody { get; } = canHaveBody;
}
