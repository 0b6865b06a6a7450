using CitySense.DevHost.LocalServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitySense.DevHost.LocalCosmos;

/// <summary>
/// Runs the in-memory local Cosmos DB server (<c>tools/cosmos-local/server.js</c>) as a child
/// process on a free loopback port. Connect with Gateway mode and <c>LimitToEndpoint = true</c>.
/// The child watches its stdin: it exits when this object is disposed or when this process dies.
/// </summary>
public sealed class LocalCosmosServer : IAsyncDisposable
{
    /// <summary>
    /// The publicly documented Cosmos DB emulator account key. It is NOT a secret: it only
    /// authenticates against local emulators/servers and is published in the emulator docs.
    /// </summary>
    public const string WellKnownKey =
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private const string Name = "The local Cosmos server";
    private const string Folder = "tools/cosmos-local";
    private const string ReadyPrefix = "CITYSENSE_COSMOS_READY ";

    private readonly LocalNodeService service;

    private LocalCosmosServer(LocalNodeService service) => this.service = service;

    /// <summary>The server's endpoint, e.g. <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri Endpoint => service.Endpoint;

    /// <summary>The account key to use with <see cref="Endpoint"/> (<see cref="WellKnownKey"/>).</summary>
    public string Key { get; } = WellKnownKey;

    /// <summary>Starts the server found by walking up from the app and current directories.</summary>
    public static async Task<LocalCosmosServer> StartAsync(ILogger? logger = null, CancellationToken ct = default) =>
        new(await LocalNodeService.StartAsync(
            Name,
            Folder,
            LocalNodeService.FindScript($"{Folder}/server.js"),
            ["--port", "0", "--host", "127.0.0.1"],
            line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
                && Uri.TryCreate(line[ReadyPrefix.Length..].Trim(), UriKind.Absolute, out var uri) ? uri : null,
            waitUntilAnswering: true,
            logger ?? NullLogger.Instance,
            ct).ConfigureAwait(false));

    /// <summary>Stops the server: closes its stdin, waits up to 5 s, then kills the process tree.</summary>
    public ValueTask DisposeAsync() => service.DisposeAsync();
}
