using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>A typed result and response headers to send with it (ETag, Location, Link).</summary>
public sealed class WithHeaders<TResult> : IResult, INestedHttpResult, IStatusCodeHttpResult, IResponseHeaders
    where TResult : IResult
{
    private readonly List<KeyValuePair<string, string>> headers;

    internal WithHeaders(TResult result, IEnumerable<KeyValuePair<string, string>> headers)
    {
        Result = result;
        this.headers = [.. headers];
    }

    public TResult Result { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers => headers;

    IResult INestedHttpResult.Result => Result;

    int? IStatusCodeHttpResult.StatusCode => (Result as IStatusCodeHttpResult)?.StatusCode;

    /// <summary>The value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) =>
        headers.Where(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value).LastOrDefault();

    public WithHeaders<TResult> WithHeader(string name, string value) => new(Result, [.. headers, KeyValuePair.Create(name, value)]);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ApplyHeaders(httpContext.Response);
        return Result.ExecuteAsync(httpContext);
    }

    /// <inheritdoc />
    public void ApplyHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }
    }
}

/// <summary>A result that adds response headers of its own around the result it wraps.</summary>
public interface IResponseHeaders
{
    /// <summary>Sets the headers on <paramref name="response"/>.</summary>
    void ApplyHeaders(HttpResponse response);
}
