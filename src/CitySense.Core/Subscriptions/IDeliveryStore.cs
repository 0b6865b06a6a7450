using CitySense.Core.Sensors;

namespace CitySense.Core.Subscriptions;

/// <summary>Where delivery records are kept: one document per delivery id, partitioned by subscription id, expiring after the retention.</summary>
public interface IDeliveryStore
{
    Task<DeliveryRecord?> FindAsync(string subscriptionId, string id, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the record (one write).</summary>
    Task SaveAsync(DeliveryRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record only while the stored one is still at <paramref name="expectedVersion"/> (one conditional
    /// write): ConditionFailed when it changed since it was read, NotFound when it is gone.
    /// </summary>
    Task<StoreWriteStatus> ReplaceAsync(DeliveryRecord record, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> records of the subscription, newest first (<see cref="DeliveryRecord.SortKey"/>
    /// descending), only those with <paramref name="status"/> when given, only those before <paramref name="beforeSortKey"/> when given.
    /// </summary>
    Task<IReadOnlyList<DeliveryRecord>> ListAsync(
        string subscriptionId,
        DeliveryStatus? status,
        string? beforeSortKey,
        int take,
        CancellationToken cancellationToken);
}
