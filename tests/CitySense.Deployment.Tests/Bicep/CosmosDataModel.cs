using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>The app's data model (src/CitySense.Cosmos/containers.json), the single source for Cosmos DB.</summary>
public static class CosmosDataModel
{
    public static JsonElement Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("src", "CitySense.Cosmos", "containers.json")));
        return document.RootElement.Clone();
    }
}
