using System.Text.Json.Nodes;
using CitySense.DevHost.Functions;
using CitySense.Functions;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// The function metadata the Worker SDK generates (what the Functions host in Azure loads): every function but the
/// health check and the API description requires a function key.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly string[] Anonymous = ["GetHealth", "GetOpenApiJson", "GetOpenApiYaml"];

    [Fact]
    public void GeneratedProvider_EveryFunctionButHealthAndOpenApi_HasAuthLevelFunction()
    {
        var functions = FunctionCatalog.Load(typeof(SensorFunctions).Assembly);

        Assert.True(functions.Count >= 15, $"Only {functions.Count} HTTP functions found.");
        Assert.Equal(Anonymous, functions.Where(f => f.AuthLevel.Equals("Anonymous", StringComparison.OrdinalIgnoreCase)).Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(
            functions.Where(f => !Anonymous.Contains(f.Name)),
            f => Assert.True(f.AuthLevel.Equals("Function", StringComparison.OrdinalIgnoreCase), $"{f.Name} has authLevel {f.AuthLevel}."));
    }

    [Fact]
    public void FunctionsMetadataFile_EveryHttpTriggerButHealthAndOpenApi_HasAuthLevelFunction()
    {
        // functions.metadata ships in the deployment package next to CitySense.Functions.dll.
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        var triggers = metadata
            .Select(function => (Name: (string)function!["name"]!, Trigger: function["bindings"]!.AsArray().SingleOrDefault(b => (string?)b!["type"] == "httpTrigger")))
            .Where(f => f.Trigger is not null)
            .ToList();

        Assert.Equal(
            FunctionCatalog.Load(typeof(SensorFunctions).Assembly).Select(f => f.Name).Order(StringComparer.Ordinal),
            triggers.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(triggers, t => Assert.Equal(
            Anonymous.Contains(t.Name) ? "Anonymous" : "Function",
            (string?)t.Trigger!["authLevel"],
            StringComparer.OrdinalIgnoreCase));
    }
}
