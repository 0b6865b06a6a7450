using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// Runs a function's result and hands any failure while it executes (a store fault in the middle of a CSV export, a
/// serialization error) to <see cref="FunctionFailures"/>. Needed because both hosts execute the result after the
/// function, and after worker middleware, has returned.
/// </summary>
public sealed class GuardedResult(IResult result, string functionName) : IResult, INestedHttpResult
{
    public IResult Result => result;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
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
