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
    internal Cacheable(TResult result, string cacheControl, string? etag, string? vary, bool notModified, byte[]? json = null)
    {
        Result = result;
        CacheControl = cacheControl;
        ETag = etag;
        Vary = vary;
        NotModified = notModified;
        this.json = json;
    }

    /// <summary>
    /// The JSON body whose tag <see cref="ETag"/> is, when the tag was computed from it: sent as it is, so the body is
    /// serialized once and is exactly the bytes the tag names.
    /// </summary>
    private readonly byte[]? json;

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

        if (NotModified)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        if (json is null)
        {
            return Result.ExecuteAsync(httpContext);
        }

        // What the wrapped 200 would send (its headers, its status, its body as JSON), without serializing it again.
        (Result as IResponseHeaders)?.ApplyHeaders(httpContext.Response);
        httpContext.Response.StatusCode = StatusCode ?? StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = json.Length;
        return httpContext.Response.Body.WriteAsync(json, 0, json.Length, httpContext.RequestAborted);
    }
}
