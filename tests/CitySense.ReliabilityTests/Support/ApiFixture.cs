using CitySense.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.ReliabilityTests.Support;

/// <summary>
/// One Cosmos test account (the local server, or COSMOS_ENDPOINT) per test class, and the API hosts the class asks
/// for, each over its own database unless told to share one. Everything is stopped and deleted at the end.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly List<ApiHost> hosts = [];
    private CosmosTestAccount? account;
    private ApiHost? host;

    public CosmosTestAccount Account => account ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The class's default host: no faults, no function key.</summary>
    public ApiHost Host => host ?? throw new InvalidOperationException("The fixture has not started.");

    public HttpClient Client { get; private set; } = null!;

    public static string NewDatabase() => "citysense-rel-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Starts another host; pass the database of an existing one to see the same data.</summary>
    public ApiHost StartHost(
        string? database = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var started = new ApiHost(Account, database ?? NewDatabase(), settings, services);
        lock (hosts)
        {
            hosts.Add(started);
        }

        // Creating the server runs the app's start-up (database and containers included).
        _ = started.Server;
        return started;
    }

    public virtual async Task InitializeAsync()
    {
        account = await CosmosTestAccount.StartAsync();
        host = StartHost(settings: DefaultSettings(), services: ConfigureDefaultServices);
        Client = host.CreateClient();
        await Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var started in hosts)
        {
            if (!Account.IsLocalServer)
            {
                // A real account or emulator keeps databases: remove this run's.
                try
                {
                    await started.Services.GetRequiredService<CosmosClient>().GetDatabase(started.Database).DeleteAsync();
                }
                catch (CosmosException)
                {
                    // Shared with another host of this fixture, and already deleted.
                }
            }

            await started.DisposeAsync();
        }

        if (account is not null)
        {
            await account.DisposeAsync();
        }
    }

    protected virtual IReadOnlyDictionary<string, string?>? DefaultSettings() => null;

    protected virtual void ConfigureDefaultServices(IServiceCollection services)
    {
    }
}
