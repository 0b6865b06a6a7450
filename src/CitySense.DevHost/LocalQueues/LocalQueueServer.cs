using CitySense.DevHost.LocalServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitySense.DevHost.LocalQueues;

/// <summary>
/// Runs Azurite's queue service in memory (<c>tools/azurite-local/queue.js</c>) as a child process on a free loopback
/// port. The child exits when this object is disposed or when this process dies (it watches its stdin).
/// </summary>
public sealed class LocalQueueServer : IAsyncDisposable
{
    /// <summary>Azurite's published development account key: NOT a secret, it only opens local emulators.</summary>
    public const string WellKnownKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Folder = "tools/azurite-local";
    private const string ReadyPrefix = "Azurite Queue service successfully listens on ";

    private readonly LocalNodeService service;

    private LocalQueueServer(LocalNodeService service) => this.service = service;

    /// <summary>The queue endpoint of the development account, e.g. <c>http://127.0.0.1:51234/devstoreaccount1</c>.</summary>
    public Uri Endpoint => service.Endpoint;

    /// <summary>A connection string for <see cref="Endpoint"/>, as the Functions host and Azure.Storage.Queues take it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={WellKnownKey};QueueEndpoint={Endpoint};";

    public static async Task<LocalQueueServer> StartAsync(ILogger? logger = null, CancellationToken cancellationToken = default) =>
        new(await LocalNodeService.StartAsync(
            "Azurite's queue service",
            Folder,
            LocalNodeService.FindScript($"{Folder}/queue.js"),
            ["--queueHost", "127.0.0.1", "--queuePort", "0", "--silent"],
            line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
                && Uri.TryCreate(line[ReadyPrefix.Length..].Trim().TrimEnd('/') + "/devstoreaccount1", UriKind.Absolute, out var uri) ? uri : null,
            waitUntilAnswering: false,
            logger ?? NullLogger.Instance,
            cancellationToken).ConfigureAwait(false));

    /// <summary>Stops the server: closes its stdin, waits up to 5 s, then kills the process tree.</summary>
    public ValueTask DisposeAsync() => service.DisposeAsync();
}
