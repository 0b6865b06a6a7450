using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Cosmos;

/// <summary>
/// Creates the database and containers from containers.json at start-up — the same file Bicep deploys from, so
/// local and Azure can never disagree. Runs only when Cosmos:CreateIfNotExists is true (local runs and tests);
/// in Azure the app's identity has data-plane rights only and Bicep creates everything.
/// </summary>
internal sealed partial class CosmosProvisioner(
    CosmosClient client,
    IOptions<CosmosOptions> options,
    ILogger<CosmosProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateIfNotExists)
        {
            return;
        }

        var database = (await client.CreateDatabaseIfNotExistsAsync(options.Value.Database, cancellationToken: cancellationToken)).Database;
        foreach (var container in ContainerDefinitions.Load())
        {
            await database.CreateContainerIfNotExistsAsync(container, cancellationToken: cancellationToken);
        }

        LogProvisioned(options.Value.Database);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} and its containers are ready")]
    private partial void LogProvisioned(string database);
}

/// <summary>Reads the embedded containers.json.</summary>
internal static class ContainerDefinitions
{
    public static IReadOnlyList<ContainerProperties> Load()
    {
        using var stream = typeof(ContainerDefinitions).Assembly.GetManifestResourceStream("CitySense.Cosmos.containers.json")
            ?? throw new InvalidOperationException("containers.json is not embedded in CitySense.Cosmos.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("containers").EnumerateArray()
            .Select(container => new ContainerProperties(
                container.GetProperty("id").GetString(),
                container.GetProperty("partitionKeyPath").GetString())
            {
                // IndexingPolicy is a Newtonsoft-annotated SDK type: let Newtonsoft read it.
                IndexingPolicy = Newtonsoft.Json.JsonConvert.DeserializeObject<IndexingPolicy>(
                    container.GetProperty("indexingPolicy").GetRawText()),
            })
            .ToList();
    }
}
