using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitySense.Functions.Http;

/// <summary>
/// The one way a failure reaches a client, whether it escaped a function or the result the function returned, and
/// under either host: the Functions worker (<see cref="ProblemExceptionMiddleware"/>, <see cref="GuardedResult"/>)
/// and the DevHost call this same code. Nothing sent yet: the response becomes a problem document (503 with
/// Retry-After for store outages, 500 without internals otherwise). Part of a body already sent: the connection is
/// aborted, so the client sees an incomplete response, never a 200 that looks complete.
/// </summary>
public static partial class FunctionFailures
{
    public static async Task HandleAsync(HttpContext context, Exception exception, string functionName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client has gone: there is nobody to answer.
            return;
        }

        var failure = exception is AggregateException { InnerException: { } inner } ? inner : exception;
        var logger = context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(FunctionFailures).FullName!);
        if (context.Response.HasStarted)
        {
            if (logger is not null)
            {
                LogAborted(logger, failure, functionName);
            }

            context.Abort();
            return;
        }

        if (logger is not null)
        {
            LogFailed(logger, failure, functionName);
        }

        // Headers the result set before it failed (ETag, Content-Disposition) do not belong to the problem.
        context.Response.Clear();
        await ProblemResults.ForException(failure, context.Request).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed after its response had started; the response was aborted")]
    private static partial void LogAborted(ILogger logger, Exception exception, string functionName);
}
