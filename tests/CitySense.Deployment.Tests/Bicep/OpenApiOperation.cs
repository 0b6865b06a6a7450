namespace CitySense.Deployment.Tests.Bicep;

/// <summary>One operation of an OpenAPI document: method and path template, e.g. "GET /sensors/{sensorId}".</summary>
public sealed record OpenApiOperation(string Method, string Path, bool Anonymous)
{
    public override string ToString() => $"{Method} {Path}";
}
