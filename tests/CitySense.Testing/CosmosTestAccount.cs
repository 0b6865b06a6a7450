using CitySense.DevHost.LocalCosmos;

namespace CitySense.Testing;

/// <summary>
/// The Cosmos endpoint integration tests use: the account named by COSMOS_ENDPOINT (+ COSMOS_KEY, e.g. the Linux
/// emulator in CI), or else a local in-memory server started for the test run and stopped afterwards.
/// </summary>
public sealed class CosmosTestAccount : IAsyncDisposable
{
    private readonly LocalCosmosServer? server;

    private CosmosTestAccount(string endpoint, string? key, bool allowInsecureLocalCertificate, LocalCosmosServer? server)
    {
        Endpoint = endpoint;
        Key = key;
        AllowInsecureLocalCertificate = allowInsecureLocalCertificate;
        this.server = server;
    }

    public string Endpoint { get; }

    public string? Key { get; }

    public bool AllowInsecureLocalCertificate { get; }

    public bool IsLocalServer => server is not null;

    public static async Task<CosmosTestAccount> StartAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT");
        if (!string.IsNullOrEmpty(endpoint))
        {
            return new CosmosTestAccount(
                endpoint,
                Environment.GetEnvironmentVariable("COSMOS_KEY"),
                string.Equals(Environment.GetEnvironmentVariable("COSMOS_ALLOW_INSECURE_LOCALHOST"), "true", StringComparison.OrdinalIgnoreCase),
                server: null);
        }

        var local = await LocalCosmosServer.StartAsync();
        return new CosmosTestAccount(local.Endpoint.ToString(), local.Key, allowInsecureLocalCertificate: false, local);
    }

    /// <summary>Configuration for the Cosmos section, with a database of its own so runs never share data.</summary>
    public Dictionary<string, string?> Settings(string database) => new()
    {
        ["Cosmos:Endpoint"] = Endpoint,
        ["Cosmos:Key"] = Key,
        ["Cosmos:Database"] = database,
        ["Cosmos:CreateIfNotExists"] = "true",
        ["Cosmos:AllowInsecureLocalCertificate"] = AllowInsecureLocalCertificate ? "true" : "false",
    };

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
