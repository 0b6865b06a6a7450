using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// A GET response with what caches need (RFC 9111): its Cache-Control, its validator (ETag) when it has one, and the
/// request header it varies by. When the request's If-None-Match already named the ETag, it is sent as 304 Not
/// Modified instead: the same ETag, Cache-Control and Vary, no body (RFC 9110 15.4.5). Created by
/// <see cref="CacheableResults"/>, which decides <see cref="NotModified"/> when the function returns.
/// </summary>
public sealed class Cacheable<TResult> : IResult, INestedHttpResult, IStatusCodeHttpResult
    where TResult : IResult
{
    internal Cacheable(TResult result, string cacheControl, string? etag, string? vary, bool notModified)
    {
        Result = result;
        CacheControl = cacheControl;
        ETag = etag;
        Vary = vary;
        NotModified = notModified;
    }

    /// <summary>The full response (200): sent unless <see cref="NotModified"/>.</summary>
    public TResult Result { get; }

    public string CacheControl { get; }

    /// <summary>The tag of <see cref="Result"/>'s content; null when the response has no validator (never 304).</summary>
    public string? ETag { get; }

    /// <summary>The request header, besides method and URL, that selects the representation; null when none does.</summary>
    public string? Vary { get; }

    /// <summary>The request's If-None-Match named <see cref="ETag"/>: the client's copy is current.</summary>
    public bool NotModified { get; }

    IResult INestedHttpResult.Result => Result;

    /// <summary>304 when <see cref="NotModified"/>; otherwise the status of <see cref="Result"/>.</summary>
    public int? StatusCode => NotModified ? StatusCodes.Status304NotModified : (Result as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var headers = httpContext.Response.Headers;
        headers.CacheControl = CacheControl;
        if (ETag is not null)
        {
            headers.ETag = ETag;
        }

        if (Vary is not null)
        {
            headers.Vary = Vary;
        }

        if (!NotModified)
        {
            return Result.ExecuteAsync(httpContext);
        }

        httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }
}
