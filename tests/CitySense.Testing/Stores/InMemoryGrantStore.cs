using System.Collections.Concurrent;
using CitySense.Core.Access;
using CitySense.Core.Sensors;

namespace CitySense.Testing.Stores;

/// <summary>Grants in memory with the semantics of the Cosmos adapter: create-once, conditional replace and delete.</summary>
public sealed class InMemoryGrantStore : IGrantStore
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, Grant> grants = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();

    /// <summary>The store methods called so far, in order.</summary>
    public IReadOnlyList<string> Calls => [.. calls];

    public void ResetCalls() => calls.Clear();

    /// <summary>Puts a grant in the store as it is; not recorded as a call.</summary>
    public Grant Add(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        lock (gate)
        {
            grants[grant.CallerId] = grant;
        }

        return grant;
    }

    public Task<Grant?> FindAsync(string callerId, CancellationToken cancellationToken)
    {
        calls.Enqueue("Find");
        lock (gate)
        {
            return Task.FromResult(grants.GetValueOrDefault(callerId));
        }
    }

    public Task<IReadOnlyList<Grant>> ListAsync(string? afterId, int take, CancellationToken cancellationToken)
    {
        calls.Enqueue("List");
        lock (gate)
        {
            IReadOnlyList<Grant> page = [.. grants.Values.Where(g => afterId is null || string.CompareOrdinal(g.CallerId, afterId) > 0).Take(take)];
            return Task.FromResult(page);
        }
    }

    public Task<bool> TryCreateAsync(Grant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        calls.Enqueue("TryCreate");
        lock (gate)
        {
            return Task.FromResult(grants.TryAdd(grant.CallerId, grant));
        }
    }

    public Task<StoreWriteStatus> ReplaceAsync(Grant grant, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        calls.Enqueue("Replace");
        lock (gate)
        {
            if (!grants.TryGetValue(grant.CallerId, out var current))
            {
                return Task.FromResult(StoreWriteStatus.NotFound);
            }

            if (current.Version != expectedVersion)
            {
                return Task.FromResult(StoreWriteStatus.ConditionFailed);
            }

            grants[grant.CallerId] = current with
            {
                Name = grant.Name,
                Cities = grant.Cities,
                Version = grant.Version,
                UpdatedAt = grant.UpdatedAt,
                UpdatedBy = grant.UpdatedBy,
            };
            return Task.FromResult(StoreWriteStatus.Written);
        }
    }

    public Task<StoreWriteStatus> DeleteAsync(string callerId, string expectedVersion, CancellationToken cancellationToken)
    {
        calls.Enqueue("Delete");
        lock (gate)
        {
            if (!grants.TryGetValue(callerId, out var current))
            {
                return Task.FromResult(StoreWriteStatus.NotFound);
            }

            if (current.Version != expectedVersion)
            {
                return Task.FromResult(StoreWriteStatus.ConditionFailed);
            }

            grants.Remove(callerId);
            return Task.FromResult(StoreWriteStatus.Written);
        }
    }
}
