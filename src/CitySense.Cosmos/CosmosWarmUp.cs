using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Cosmos;

/// <summary>
/// Warms the Cosmos DB client in the background as the app starts: one point read of an id that never exists in
/// each container (404, about 1 RU) fills everything the first real request would otherwise wait for — the account
/// metadata, the container's routing map (partition key ranges), in Direct mode the replica addresses and their
/// connections, and in Azure the managed identity's access token. On Flex Consumption this overlaps a cold
/// instance's Cosmos set-up with the rest of its start; the first request joins whatever is still in flight.
/// Start-up never waits for it and never fails because of it. On by default in Azure (no account key); off for
/// the local server and the emulator, where there is nothing to gain (Cosmos:WarmUpOnStart overrides).
/// </summary>
internal sealed partial class CosmosWarmUp(
    CosmosContainers containers,
    IOptions<CosmosOptions> options,
    ILogger<CosmosWarmUp> logger) : IHostedService, IDisposable
{
    private const string AbsentId = "citysense-warm-up";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource stopping = new();
    private volatile bool disposed;

    /// <summary>The background warm-up; completed when it is off.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.WarmUpOnStart ?? string.IsNullOrEmpty(settings.Key))
        {
            Completion = Task.Run(() => WarmUpAsync(stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A test host may dispose the service before it stops it; then there is nothing left to cancel.
        if (!disposed)
        {
            await stopping.CancelAsync();
        }

        await Completion.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        disposed = true;
        stopping.Dispose();
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            await Task.WhenAll(ReadAbsentAsync(containers.Sensors, budget.Token), ReadAbsentAsync(containers.Readings, budget.Token));
            LogWarmedUp();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The first request (or /health) reports a store that does not answer; start-up goes on regardless.
            LogWarmUpFailed(ex);
        }
    }

    private static async Task ReadAbsentAsync(Container container, CancellationToken cancellationToken)
    {
        using var response = await container.ReadItemStreamAsync(AbsentId, new PartitionKey(AbsentId), cancellationToken: cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cosmos DB client warmed up")]
    private partial void LogWarmedUp();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cosmos DB client warm-up did not complete")]
    private partial void LogWarmUpFailed(Exception exception);
}
