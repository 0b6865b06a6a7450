using System.Text.Json.Nodes;
using CitySense.DevHost.Functions;
using CitySense.Functions;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// The function metadata the Worker SDK generates (what the Functions host in Azure loads): every function requires a
/// function key, health and the API description included, so the app's own host name serves nobody but API
/// Management (which serves those three anonymously at the gateway).
/// </summary>
public sealed class FunctionMetadataTests
{
    [Fact]
    public void GeneratedProvider_EveryFunction_HasAuthLevelFunction()
    {
        var functions = FunctionCatalog.Load(typeof(SensorFunctions).Assembly);

        Assert.True(functions.Count >= 15, $"Only {functions.Count} HTTP functions found.");
        Assert.All(functions, f => Assert.True(f.AuthLevel.Equals("Function", StringComparison.OrdinalIgnoreCase), $"{f.Name} has authLevel {f.AuthLevel}."));
    }

    [Fact]
    public void FunctionsMetadataFile_EveryHttpTrigger_HasAuthLevelFunction()
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
        Assert.All(triggers, t => Assert.Equal("Function", (string?)t.Trigger!["authLevel"], StringComparer.OrdinalIgnoreCase));
    }
}
