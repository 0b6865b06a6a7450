using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>A typed result and response headers to send with it (ETag, Location, Link).</summary>
public sealed class WithHeaders<TResult> : IResult, INestedHttpResult, IStatusCodeHttpResult
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
        foreach (var (name, value) in headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return Result.ExecuteAsync(httpContext);
    }
}
