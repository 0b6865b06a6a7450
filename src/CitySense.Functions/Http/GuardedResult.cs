using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// Runs a function's result and hands any failure while it executes (a store fault in the middle of a CSV export, a
/// serialization error) to <see cref="FunctionFailures"/>. Needed because both hosts execute the result after the
/// function, and after worker middleware, has returned. Both hosts wrap every result in it, so it is also where a
/// response that says nothing about caching (a write, health) gets <see cref="CachePolicy.NoStore"/>.
/// </summary>
public sealed class GuardedResult(IResult result, string functionName) : IResult, INestedHttpResult
{
    public IResult Result => result;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);

        // Cacheable results replace it with their own.
        httpContext.Response.Headers.CacheControl = CachePolicy.NoStore;
        try
        {
            await result.ExecuteAsync(httpContext);
        }
        catch (Exception ex)
        {
            await FunctionFailures.HandleAsync(httpContext, ex, functionName);
        }
    }
}
