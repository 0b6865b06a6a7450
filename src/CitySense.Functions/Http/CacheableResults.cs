using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.Functions.Http;

/// <summary>
/// Makes GET results cacheable: Cache-Control from <see cref="CachePolicy"/>, and for JSON bodies an ETag of the
/// body that answers a matching If-None-Match with 304. The store is read either way: the tag of data can only be
/// known by reading the data, so a 304 saves the transfer, not the database work.
/// </summary>
public static class CacheableResults
{
    /// <summary>200 with <paramref name="body"/>, validated by the tag of its JSON.</summary>
    public static Cacheable<Ok<T>> Ok<T>(T body, HttpRequest request, Freshness freshness) =>
        Validate(TypedResults.Ok(body), body, request, freshness, vary: null);

    /// <summary>A 200 with headers (a page and its Link), validated by the tag of its JSON body.</summary>
    public static Cacheable<WithHeaders<Ok<T>>> Validated<T>(this WithHeaders<Ok<T>> result, HttpRequest request, Freshness freshness, string? vary = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Validate(result, result.Result.Value, request, freshness, vary);
    }

    /// <summary>A page of aggregates as CSV (built whole, not streamed), validated by the tag of its bytes.</summary>
    public static Cacheable<WithHeaders<AggregateCsvResult>> Validated(this WithHeaders<AggregateCsvResult> result, HttpRequest request, Freshness freshness, string? vary = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var etag = ETags.ForContent(System.Text.Encoding.UTF8.GetBytes(result.Result.Csv));
        var notModified = ETags.NoneMatchNames(request.GetTypedHeaders().IfNoneMatch, etag);
        return new Cacheable<WithHeaders<AggregateCsvResult>>(result, CachePolicy.CacheControl(request, freshness), etag, vary, notModified);
    }

    /// <summary>A result without a validator (a streamed export; an ETag that means something else): freshness only, never 304.</summary>
    public static Cacheable<TResult> Fresh<TResult>(this TResult result, HttpRequest request, Freshness freshness, string? vary = null)
        where TResult : IResult =>
        new(result, CachePolicy.CacheControl(request, freshness), etag: null, vary, notModified: false);

    private static Cacheable<TResult> Validate<TResult, TBody>(TResult result, TBody body, HttpRequest request, Freshness freshness, string? vary)
        where TResult : IResult
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = ETags.Json(body);
        var etag = ETags.ForContent(json);
        var notModified = ETags.NoneMatchNames(request.GetTypedHeaders().IfNoneMatch, etag);
        // A null body is sent as no body by the wrapped result; only a real body is sent from the tagged bytes.
        return new Cacheable<TResult>(result, CachePolicy.CacheControl(request, freshness), etag, vary, notModified, body is null ? null : json);
    }
}
