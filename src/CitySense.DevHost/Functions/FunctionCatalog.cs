using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace CitySense.DevHost.Functions;

/// <summary>
/// Reads the function metadata that the Functions Worker SDK generates at build time (the same metadata the Azure
/// Functions host loads), so the DevHost has no route table or queue list of its own.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<HttpFunction> Load(Assembly functionsAssembly) =>
        Triggered(functionsAssembly, "httpTrigger").Select(found =>
        {
            var (name, binding, method) = found;
            var methods = binding.TryGetProperty("methods", out var list)
                ? list.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList()
                : ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            var route = binding.TryGetProperty("route", out var r) ? r.GetString() : null;
            route = string.IsNullOrEmpty(route) ? name : route;
            var authLevel = binding.TryGetProperty("authLevel", out var level) ? level.GetString() ?? "Function" : "Function";
            return new HttpFunction(name, route, methods, authLevel, method);
        }).ToList();

    /// <summary>The queue-triggered functions: their queue and connection setting (AzureWebJobsStorage when none is named).</summary>
    public static IReadOnlyList<QueueFunction> LoadQueueFunctions(Assembly functionsAssembly) =>
        Triggered(functionsAssembly, "queueTrigger").Select(found =>
        {
            var (name, binding, method) = found;
            var queue = binding.GetProperty("queueName").GetString()!;
            var connection = binding.TryGetProperty("connection", out var c) && !string.IsNullOrEmpty(c.GetString()) ? c.GetString()! : "AzureWebJobsStorage";
            return new QueueFunction(name, queue, connection, method);
        }).ToList();

    private static IEnumerable<(string Name, JsonElement Trigger, MethodInfo Method)> Triggered(Assembly functionsAssembly, string triggerType)
    {
        var providerType = functionsAssembly.GetTypes().SingleOrDefault(type =>
                type is { IsClass: true, IsAbstract: false } && typeof(IFunctionMetadataProvider).IsAssignableFrom(type))
            ?? throw new InvalidOperationException(
                $"{functionsAssembly.GetName().Name} has no generated function metadata provider; is it built with Microsoft.Azure.Functions.Worker.Sdk?");
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType, nonPublic: true)!;
        var metadata = provider.GetFunctionMetadataAsync(AppContext.BaseDirectory).GetAwaiter().GetResult();

        foreach (var function in metadata)
        {
            var trigger = function.RawBindings?
                .Select(raw => JsonDocument.Parse(raw).RootElement)
                .FirstOrDefault(binding => binding.GetProperty("type").GetString()!.Equals(triggerType, StringComparison.OrdinalIgnoreCase));
            if (trigger is not { ValueKind: JsonValueKind.Object } binding)
            {
                continue;
            }

            var entryPoint = function.EntryPoint ?? throw new InvalidOperationException($"Function {function.Name} has no entry point.");
            var split = entryPoint.LastIndexOf('.');
            var type = functionsAssembly.GetType(entryPoint[..split], throwOnError: true)!;
            var method = type.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                ?? throw new InvalidOperationException($"Entry point {entryPoint} was not found.");
            yield return (function.Name!, binding, method);
        }
    }
}
