using CitySense.Core.Geo;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.DevHost.LocalQueues;
using CitySense.Functions;
using CitySense.Functions.Webhooks;
using CitySense.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CitySense.IntegrationTests;

/// <summary>
/// The real Cosmos adapter, wired by the app's own registration, over the test account (local server or
/// COSMOS_ENDPOINT) in a database of its own, and Azurite's queue service for the reading events ingest publishes.
/// Shared by the tests of one class.
/// </summary>
public sealed class CosmosStoreFixture : IAsyncLifetime
{
    private CosmosTestAccount? account;
    private LocalQueueServer? queues;
    private ServiceProvider? provider;

    public CountingRequestHandler Counter { get; } = new();

    public ISensorStore Sensors => Services.GetRequiredService<ISensorStore>();

    public IReadingStore Readings => Services.GetRequiredService<IReadingStore>();

    public SensorService SensorService => Services.GetRequiredService<SensorService>();

    public IngestService Ingest => Services.GetRequiredService<IngestService>();

    public HistoryService History => Services.GetRequiredService<HistoryService>();

    public NearbyService Nearby => Services.GetRequiredService<NearbyService>();

    public IServiceProvider Services => provider ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        account = await CosmosTestAccount.StartAsync();
        queues = await LocalQueueServer.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(account.Settings("citysense-it-" + Guid.NewGuid().ToString("N")[..8]))
            .AddInMemoryCollection(new Dictionary<string, string?> { [WebhookQueues.ConnectionName] = queues.ConnectionString })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<RequestHandler>(Counter);
        services.AddCitySense(configuration);
        provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (provider is not null)
        {
            await provider.GetRequiredService<CosmosClient>().GetDatabase(
                provider.GetRequiredService<IConfiguration>()["Cosmos:Database"]).DeleteAsync();
            await provider.DisposeAsync();
        }

        if (account is not null)
        {
            await account.DisposeAsync();
        }

        if (queues is not null)
        {
            await queues.DisposeAsync();
        }
    }
}
