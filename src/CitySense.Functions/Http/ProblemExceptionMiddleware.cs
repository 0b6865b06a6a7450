using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace CitySense.Functions.Http;

/// <summary>Turns exceptions that escape an HTTP function into problem responses (see <see cref="ProblemResults"/>).</summary>
public sealed partial class ProblemExceptionMiddleware(ILogger<ProblemExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { Response.HasStarted: false } httpContext
                                   && !httpContext.RequestAborted.IsCancellationRequested)
        {
            var exception = ex is AggregateException { InnerException: { } inner } ? inner : ex;
            LogFailed(exception, context.FunctionDefinition.Name);
            await ProblemResults.ForException(exception, httpContext.Request).ExecuteAsync(httpContext);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private partial void LogFailed(Exception exception, string functionName);
}
