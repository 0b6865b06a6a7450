using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CitySense.Functions.Http;

/// <summary>
/// Under the Functions worker: failures of an HTTP function become problem responses (<see cref="FunctionFailures"/>),
/// and the result it returns is wrapped in a <see cref="GuardedResult"/>, because the worker's ASP.NET Core
/// integration executes that result after this middleware has returned. The DevHost does the same two things.
/// </summary>
public sealed class ProblemExceptionMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } httpContext)
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            await FunctionFailures.HandleAsync(httpContext, ex, context.FunctionDefinition.Name);
            return;
        }

        var invocation = context.GetInvocationResult();
        if (invocation.Value is IResult result and not GuardedResult)
        {
            invocation.Value = new GuardedResult(result, context.FunctionDefinition.Name);
        }
    }
}
