using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;

namespace CitySense.Testing.Stores;

/// <summary>Subscriptions in memory with the semantics of the Cosmos adapter: create-once, conditional replace and delete.</summary>
public sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, Subscription> subscriptions = new(StringComparer.Ordinal);

    /// <summary>Every subscription stored, in id order.</summary>
    public IReadOnlyList<Subscription> All
    {
        get
        {
            lock (gate)
            {
                return [.. subscriptions.Values];
            }
        }
    }

    public Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(subscriptions.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(string? ownerId, string? afterId, int take, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<Subscription> page =
            [
                .. subscriptions.Values
                    .Where(s => (ownerId is null || s.OwnerId == ownerId) && (afterId is null || string.CompareOrdinal(s.Id, afterId) > 0))
                    .Take(take),
            ];
            return Task.FromResult(page);
        }
    }

    public Task<int> CountAsync(string ownerId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(subscriptions.Values.Count(s => s.OwnerId == ownerId));
        }
    }

    public Task<bool> TryCreateAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (gate)
        {
            return Task.FromResult(subscriptions.TryAdd(subscription.Id, subscription));
        }
    }

    public Task<StoreWriteStatus> ReplaceAsync(Subscription subscription, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (gate)
        {
            var status = Check(subscription.Id, expectedVersion);
            if (status == StoreWriteStatus.Written)
            {
                subscriptions[subscription.Id] = subscription;
            }

            return Task.FromResult(status);
        }
    }

    public Task<StoreWriteStatus> DeleteAsync(string id, string expectedVersion, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var status = Check(id, expectedVersion);
            if (status == StoreWriteStatus.Written)
            {
                subscriptions.Remove(id);
            }

            return Task.FromResult(status);
        }
    }

    public Task<StoreWriteStatus> SetFailingSinceAsync(string id, DateTimeOffset? failingSince, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!subscriptions.TryGetValue(id, out var current))
            {
                return Task.FromResult(StoreWriteStatus.NotFound);
            }

            subscriptions[id] = current with { FailingSince = failingSince };
            return Task.FromResult(StoreWriteStatus.Written);
        }
    }

    public Task<StoreWriteStatus> DisableAsync(Subscription disabled, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disabled);
        lock (gate)
        {
            var status = Check(disabled.Id, expectedVersion);
            if (status == StoreWriteStatus.Written)
            {
                subscriptions[disabled.Id] = subscriptions[disabled.Id] with
                {
                    Status = disabled.Status,
                    DisabledAt = disabled.DisabledAt,
                    DisabledReason = disabled.DisabledReason,
                    Version = disabled.Version,
                    UpdatedAt = disabled.UpdatedAt,
                };
            }

            return Task.FromResult(status);
        }
    }

    private StoreWriteStatus Check(string id, string expectedVersion) =>
        !subscriptions.TryGetValue(id, out var current) ? StoreWriteStatus.NotFound
        : current.Version != expectedVersion ? StoreWriteStatus.ConditionFailed
        : StoreWriteStatus.Written;
}
