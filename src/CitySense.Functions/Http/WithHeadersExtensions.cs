using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>Adds headers to typed results.</summary>
public static class WithHeadersExtensions
{
    public static WithHeaders<TResult> WithHeader<TResult>(this TResult result, string name, string value)
        where TResult : IResult => new(result, [KeyValuePair.Create(name, value)]);

    /// <summary>The result with no extra header (e.g. a last page, which has no <c>Link</c>).</summary>
    public static WithHeaders<TResult> WithoutHeaders<TResult>(this TResult result)
        where TResult : IResult => new(result, []);
}
