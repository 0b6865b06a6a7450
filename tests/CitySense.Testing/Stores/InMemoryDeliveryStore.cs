using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;

namespace CitySense.Testing.Stores;

/// <summary>
/// Delivery records in memory with the semantics of the Cosmos adapter: upsert by (subscription, id), a new version
/// per write, conditional replaces, newest first by sort key.
/// </summary>
public sealed class InMemoryDeliveryStore : IDeliveryStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string SubscriptionId, string Id), DeliveryRecord> records = [];

    /// <summary>How many times a record was written.</summary>
    public int Saves { get; private set; }

    public Task<DeliveryRecord?> FindAsync(string subscriptionId, string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(records.GetValueOrDefault((subscriptionId, id)));
        }
    }

    public Task SaveAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (gate)
        {
            Write(record);
            return Task.CompletedTask;
        }
    }

    public Task<StoreWriteStatus> ReplaceAsync(DeliveryRecord record, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (gate)
        {
            var stored = records.GetValueOrDefault((record.SubscriptionId, record.Id));
            if (stored is null || stored.Version != expectedVersion)
            {
                return Task.FromResult(stored is null ? StoreWriteStatus.NotFound : StoreWriteStatus.ConditionFailed);
            }

            Write(record);
            return Task.FromResult(StoreWriteStatus.Written);
        }
    }

    private void Write(DeliveryRecord record)
    {
        records[(record.SubscriptionId, record.Id)] = record with { Version = Guid.NewGuid().ToString("N") };
        Saves++;
    }

    public Task<IReadOnlyList<DeliveryRecord>> ListAsync(
        string subscriptionId,
        DeliveryStatus? status,
        string? beforeSortKey,
        int take,
        CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<DeliveryRecord> page =
            [
                .. records.Values
                    .Where(r => r.SubscriptionId == subscriptionId
                        && (status is null || r.Status == status)
                        && (beforeSortKey is null || string.CompareOrdinal(r.SortKey, beforeSortKey) < 0))
                    .OrderByDescending(r => r.SortKey, StringComparer.Ordinal)
                    .Take(take),
            ];
            return Task.FromResult(page);
        }
    }
}
