using System.Globalization;
using System.Text.Json;
using CitySense.Functions.Contracts;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// An RFC 9457 problem response: the document as <c>application/problem+json</c>, <c>Retry-After</c> when the
/// client may retry, and never cached (it describes one request). The typed result every function returns for a failure.
/// </summary>
public sealed class ProblemResult(ProblemDocument document, TimeSpan? retryAfter = null)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDocument>, IContentTypeHttpResult
{
    public const string MediaType = "application/problem+json; charset=utf-8";

    public ProblemDocument Value { get; } = document;

    public int StatusCode => Value.Status;

    /// <summary>When the client may retry, for throttling and outages.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public string ContentType => MediaType;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => Value;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.Headers.CacheControl = CachePolicy.NoStore;
        if (RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = MediaType;
        await JsonSerializer.SerializeAsync(response.Body, Value, CitySenseJson.Options, httpContext.RequestAborted);
    }
}
