using CitySense.Core.Readings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Subscriptions;

/// <summary>
/// Every active subscription's id and filter (disabled ones match nothing), kept in memory so ingest decides without a round trip whether a reading can
/// be delivered to anyone: a reading that no subscription matches costs nothing more than its store operations.
/// Loaded with the first question, then refreshed in the background once older than
/// <see cref="WebhookOptions.SubscriptionRefresh"/> (ingest never waits for that), and loaded again before answering
/// when this instance changed a subscription or when background refreshes have failed for four refresh periods.
/// So a change made through one instance applies to that instance's next reading and to every other instance's
/// readings within one refresh period (documented in docs/webhooks.md).
/// </summary>
public sealed partial class SubscriptionSnapshot(
    ISubscriptionStore store,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<SubscriptionSnapshot> logger)
{
    private const int PageSize = 500;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    private readonly Lock gate = new();
    private Loaded? current;
    private Task<Loaded>? loading;
    private long generation;
    private long loadingGeneration;
    private DateTimeOffset lastFailure = DateTimeOffset.MinValue;

    /// <summary>The ids of the subscriptions whose filters match <paramref name="reading"/>, in id order.</summary>
    /// <exception cref="Problems.StoreUnavailableException">The subscriptions could not be read when they had to be.</exception>
    public async ValueTask<IReadOnlyList<string>> MatchingAsync(Reading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var routes = await CurrentAsync(cancellationToken);
        List<string>? matching = null;
        foreach (var route in routes)
        {
            if (SubscriptionMatcher.Matches(route.Filter, reading))
            {
                (matching ??= []).Add(route.Id);
            }
        }

        return matching ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Makes the next question read the subscriptions again: called by this instance's subscription changes.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            generation++;
        }
    }

    private async ValueTask<IReadOnlyList<SubscriptionRoute>> CurrentAsync(CancellationToken cancellationToken)
    {
        var refresh = options.Value.SubscriptionRefresh;
        Loaded? snapshot;
        bool upToDate;
        lock (gate)
        {
            snapshot = current;
            upToDate = snapshot is not null && snapshot.Generation == generation;
        }

        var age = snapshot is null ? TimeSpan.MaxValue : clock.GetUtcNow() - snapshot.LoadedAt;
        if (upToDate && age < refresh)
        {
            return snapshot!.Routes;
        }

        if (upToDate && age < refresh * 4)
        {
            // Answer from what is known; the refresh runs in the background (a failure is logged and tried again
            // a few seconds later, and after four refresh periods callers wait for a load instead).
            _ = StartLoad(background: true);
            return snapshot!.Routes;
        }

        return (await StartLoad(background: false)!.WaitAsync(cancellationToken)).Routes;
    }

    private Task<Loaded>? StartLoad(bool background)
    {
        lock (gate)
        {
            if (loading is { IsCompleted: false } && loadingGeneration == generation)
            {
                return loading;
            }

            if (background && clock.GetUtcNow() - lastFailure < RetryAfterFailure)
            {
                return null;
            }

            loadingGeneration = generation;
            loading = LoadAsync(loadingGeneration, clock.GetUtcNow());

            // A background load's failure is logged; nobody else may look at it.
            _ = loading.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return loading;
        }
    }

    private async Task<Loaded> LoadAsync(long loadGeneration, DateTimeOffset started)
    {
        // Yields first, so a caller answering from the old snapshot is not held up by the first page.
        await Task.Yield();
        try
        {
            var routes = new List<SubscriptionRoute>();
            string? after = null;
            IReadOnlyList<Subscription> page;
            do
            {
                // Not a caller's token: other callers may be waiting for this load too.
                page = await store.ListAsync(ownerId: null, after, PageSize, CancellationToken.None);
                routes.AddRange(page
                    .Where(subscription => subscription.Status == SubscriptionStatus.Active)
                    .Select(subscription => new SubscriptionRoute(subscription.Id, subscription.Filter)));
                after = page.Count > 0 ? page[^1].Id : null;
            }
            while (page.Count == PageSize);

            // Tagged with the generation it started at: a change made while it ran leaves it out of date.
            var loaded = new Loaded(routes, started, loadGeneration);
            lock (gate)
            {
                if (current is null || loadGeneration > current.Generation || (loadGeneration == current.Generation && started >= current.LoadedAt))
                {
                    current = loaded;
                }
            }

            LogLoaded(routes.Count);
            return loaded;
        }
        catch (Exception ex)
        {
            lock (gate)
            {
                lastFailure = clock.GetUtcNow();
            }

            LogLoadFailed(ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Subscription snapshot loaded: {Count} subscriptions")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription snapshot could not be loaded; the previous one stays in use")]
    private partial void LogLoadFailed(Exception exception);

    private sealed record SubscriptionRoute(string Id, SubscriptionFilter Filter);

    private sealed record Loaded(IReadOnlyList<SubscriptionRoute> Routes, DateTimeOffset LoadedAt, long Generation);
}
