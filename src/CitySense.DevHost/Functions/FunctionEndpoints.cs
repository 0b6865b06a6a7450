using System.Collections.Concurrent;
using System.Reflection;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace CitySense.DevHost.Functions;

/// <summary>
/// Serves every HTTP function under /api the way the Functions host does with ASP.NET Core integration: the class
/// is created through DI per call, HttpRequest, route values and the CancellationToken are bound by name and type,
/// and the returned IActionResult is executed. Unhandled exceptions take the same path as in the Functions
/// middleware (<see cref="ProblemResults.ForException"/>).
/// </summary>
public static partial class FunctionEndpoints
{
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions)
    {
        foreach (var function in functions)
        {
            // Reflected once per function, not per request.
            var parameters = function.Method.GetParameters();
            endpoints
                .MapMethods("/api/" + function.Route, function.Methods, context => InvokeAsync(context, function, parameters))
                .WithName(function.Name)
                .WithMetadata(function);
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction function, ParameterInfo[] parameters)
    {
        try
        {
            var keys = context.RequestServices.GetRequiredService<FunctionKeyCheck>();
            if (!keys.Allows(context, function))
            {
                await ProblemResults.For(FunctionKeyCheck.Unauthorized, context.Request).ExecuteAsync(context);
                return;
            }

            var instance = function.Method.IsStatic
                ? null
                : Factories.GetOrAdd(function.Method.DeclaringType!, type => ActivatorUtilities.CreateFactory(type, []))(context.RequestServices, []);
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                arguments[i] = Bind(parameters[i], context);
            }

            object? returned;
            try
            {
                returned = function.Method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }

            // As the worker's ASP.NET Core integration does: await the task, then execute an IResult or IActionResult.
            if (returned is Task task)
            {
                await task;
                returned = function.Method.ReturnType.IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            }

            switch (returned)
            {
                case IResult result:
                    await result.ExecuteAsync(context);
                    break;
                case IActionResult actionResult:
                    await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Function {function.Name} returned {returned?.GetType().Name ?? "null"}, neither IResult nor IActionResult.");
            }
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionEndpoints));
            LogFailed(logger, ex, function.Name);
            await ProblemResults.ForException(ex, context.Request).ExecuteAsync(context);
        }
    }

    private static object? Bind(ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string))
        {
            return context.Request.RouteValues.TryGetValue(parameter.Name!, out var value) ? value?.ToString() : null;
        }

        throw new NotSupportedException($"The DevHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName);
}
