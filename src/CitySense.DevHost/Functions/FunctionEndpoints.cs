using System.Collections.Concurrent;
using System.Reflection;
using CitySense.Core.Problems;
using CitySense.Functions.Http;

namespace CitySense.DevHost.Functions;

/// <summary>
/// Serves every HTTP function under /api the way the Functions host does with ASP.NET Core integration: the class
/// is created through DI per call, HttpRequest, route values and the CancellationToken are bound by name and type,
/// and the returned result is executed. Failures take the same path as under the worker (<see cref="FunctionFailures"/>).
/// A function disabled by <c>AzureWebJobs.&lt;name&gt;.Disabled</c> is not served (<see cref="FunctionSettings"/>).
/// </summary>
public static class FunctionEndpoints
{
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        foreach (var function in functions)
        {
            if (FunctionSettings.IsDisabled(configuration, function.Name))
            {
                // Not served, as the Functions host does not serve a disabled HTTP function: its route is a 404.
                continue;
            }

            // Reflected once per function, not per request.
            var parameters = function.Method.GetParameters();
            endpoints
                .MapMethods("/api/" + function.Route, function.Methods, context => InvokeAsync(context, function, parameters))
                .WithName(function.Name)
                .WithMetadata(function);
        }

        // A request no function takes (an unknown path, or a method a route does not have) is refused the way
        // API Management refuses it in Azure: 404, as a problem document.
        endpoints.MapFallback("/api/{**path}", context =>
        {
            var problem = Problem.NotFound($"No operation matches {context.Request.Method} {context.Request.Path}; see /api/openapi.json.");
            return ProblemResults.For(problem, context.Request).ExecuteAsync(context);
        });
        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext context, HttpFunction function, ParameterInfo[] parameters)
    {
        if (!context.RequestServices.GetRequiredService<FunctionKeyCheck>().Allows(context, function))
        {
            // The Functions host refuses a missing or wrong key itself, before the worker runs: a bare 401
            // (UnauthorizedResult). In Azure only API Management holds the key and its policy shapes any such refusal.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        object? returned;
        try
        {
            returned = await CallAsync(context, function, parameters);
        }
        catch (Exception ex)
        {
            await FunctionFailures.HandleAsync(context, ex, function.Name);
            return;
        }

        // As under the worker (see ProblemExceptionMiddleware): the result runs after the function has returned,
        // guarded, so a failure while it executes takes the same path as one inside the function.
        switch (returned)
        {
            case IResult result:
                await new GuardedResult(result, function.Name).ExecuteAsync(context);
                break;
            default:
                await FunctionFailures.HandleAsync(
                    context,
                    new InvalidOperationException($"Function {function.Name} returned {returned?.GetType().Name ?? "null"}, not an IResult."),
                    function.Name);
                break;
        }
    }

    /// <summary>Creates the function class through DI, binds the arguments, calls the method and awaits its task.</summary>
    private static async Task<object?> CallAsync(HttpContext context, HttpFunction function, ParameterInfo[] parameters)
    {
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

        if (returned is Task task)
        {
            await task;
            returned = function.Method.ReturnType.IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
        }

        return returned;
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
}
