using CitySense.Core.Sensors;

namespace CitySense.Core.Subscriptions;

/// <summary>Where subscriptions are kept, one document per subscription id.</summary>
public interface ISubscriptionStore
{
    Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> subscriptions with ids after <paramref name="afterId"/>, in id order: those of
    /// <paramref name="ownerId"/>, or everyone's when it is null.
    /// </summary>
    Task<IReadOnlyList<Subscription>> ListAsync(string? ownerId, string? afterId, int take, CancellationToken cancellationToken);

    /// <summary>How many subscriptions <paramref name="ownerId"/> has.</summary>
    Task<int> CountAsync(string ownerId, CancellationToken cancellationToken);

    /// <summary>Stores a new subscription; false when one with its id exists.</summary>
    Task<bool> TryCreateAsync(Subscription subscription, CancellationToken cancellationToken);

    /// <summary>Replaces a subscription only while it is at <paramref name="expectedVersion"/>.</summary>
    Task<StoreWriteStatus> ReplaceAsync(Subscription subscription, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes a subscription only while it is at <paramref name="expectedVersion"/>.</summary>
    Task<StoreWriteStatus> DeleteAsync(string id, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>Sets (or clears) only <see cref="Subscription.FailingSince"/>, whatever the version: a health mark, not a change.</summary>
    Task<StoreWriteStatus> SetFailingSinceAsync(string id, DateTimeOffset? failingSince, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="disabled"/>'s status, disabledAt, disabledReason, version and updatedAt only while the
    /// stored version is <paramref name="expectedVersion"/>.
    /// </summary>
    Task<StoreWriteStatus> DisableAsync(Subscription disabled, string expectedVersion, CancellationToken cancellationToken);
}
