using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace CitySense.DevHost.Functions;

/// <summary>
/// Reads the function metadata that the Functions Worker SDK generates at build time (the same metadata the Azure
/// Functions host loads), so the DevHost has no route table of its own.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<HttpFunction> Load(Assembly functionsAssembly)
    {
        var providerType = functionsAssembly.GetTypes().SingleOrDefault(type =>
                type is { IsClass: true, IsAbstract: false } && typeof(IFunctionMetadataProvider).IsAssignableFrom(type))
            ?? throw new InvalidOperationException(
                $"{functionsAssembly.GetName().Name} has no generated function metadata provider; is it built with Microsoft.Azure.Functions.Worker.Sdk?");
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType, nonPublic: true)!;
        var metadata = provider.GetFunctionMetadataAsync(AppContext.BaseDirectory).GetAwaiter().GetResult();

        var functions = new List<HttpFunction>();
        foreach (var function in metadata)
        {
            var trigger = function.RawBindings?
                .Select(raw => JsonDocument.Parse(raw).RootElement)
                .FirstOrDefault(binding => binding.GetProperty("type").GetString()!.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase));
            if (trigger is not { ValueKind: JsonValueKind.Object } binding)
            {
                continue;
            }

            var entryPoint = function.EntryPoint ?? throw new InvalidOperationException($"Function {function.Name} has no entry point.");
            var split = entryPoint.LastIndexOf('.');
            var type = functionsAssembly.GetType(entryPoint[..split], throwOnError: true)!;
            var method = type.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                ?? throw new InvalidOperationException($"Entry point {entryPoint} was not found.");
            var methods = binding.TryGetProperty("methods", out var list)
                ? list.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList()
                : ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            var route = binding.TryGetProperty("route", out var r) ? r.GetString() : null;
            route = string.IsNullOrEmpty(route) ? function.Name! : route;
            var authLevel = binding.TryGetProperty("authLevel", out var level) ? level.GetString() ?? "Function" : "Function";
            functions.Add(new HttpFunction(function.Name!, route, methods, authLevel, method));
        }

        return functions;
    }
}
