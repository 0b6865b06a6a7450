using CitySense.Core.Sensors;

namespace CitySense.Core.Access;

/// <summary>Where operators' grants are kept, one per caller id.</summary>
public interface IGrantStore
{
    Task<Grant?> FindAsync(string callerId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="take"/> grants with caller ids after <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<Grant>> ListAsync(string? afterId, int take, CancellationToken cancellationToken);

    /// <summary>Stores a new grant; false when one exists for the caller.</summary>
    Task<bool> TryCreateAsync(Grant grant, CancellationToken cancellationToken);

    /// <summary>Replaces a grant only while it is at <paramref name="expectedVersion"/>.</summary>
    Task<StoreWriteStatus> ReplaceAsync(Grant grant, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes a grant only while it is at <paramref name="expectedVersion"/>.</summary>
    Task<StoreWriteStatus> DeleteAsync(string callerId, string expectedVersion, CancellationToken cancellationToken);
}
