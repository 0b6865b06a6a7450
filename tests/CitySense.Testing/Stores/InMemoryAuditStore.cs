using System.Collections.Concurrent;
using CitySense.Core.Audit;

namespace CitySense.Testing.Stores;

/// <summary>The audit trail in memory with the semantics of the Cosmos adapter: month partitions, newest first.</summary>
public sealed class InMemoryAuditStore : IAuditStore
{
    private readonly ConcurrentDictionary<string, AuditRecord> records = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();

    /// <summary>The store methods called so far, in order.</summary>
    public IReadOnlyList<string> Calls => [.. calls];

    /// <summary>Every record, abandoned ones included, newest first; not recorded as a call.</summary>
    public IReadOnlyList<AuditRecord> All => [.. records.Values.OrderByDescending(r => r.SortKey, StringComparer.Ordinal)];

    public void ResetCalls() => calls.Clear();

    public Task CreateAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        calls.Enqueue("Create");
        records.TryAdd(record.Id, record);
        return Task.CompletedTask;
    }

    public Task SetStatusAsync(AuditRecord record, AuditStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        calls.Enqueue("SetStatus");
        records.AddOrUpdate(record.Id, _ => record with { Status = status }, (_, stored) => stored with { Status = status });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditRecord>> ListAsync(
        AuditMonth month,
        AuditFilter filter,
        string fromKey,
        string beforeKey,
        int take,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        calls.Enqueue("List");
        IReadOnlyList<AuditRecord> page =
        [
            .. records.Values
                .Where(r => r.Month == month && r.Status != AuditStatus.Abandoned)
                .Where(r => string.CompareOrdinal(r.SortKey, fromKey) >= 0 && string.CompareOrdinal(r.SortKey, beforeKey) < 0)
                .Where(r => filter.City is null || r.City == filter.City)
                .Where(r => filter.SensorId is null || (r.Target == AuditTarget.Sensor && r.TargetId == filter.SensorId))
                .Where(r => filter.CallerId is null || r.CallerId == filter.CallerId)
                .Where(r => filter.Cities is null || (r.City is not null && filter.Cities.Contains(r.City)))
                .OrderByDescending(r => r.SortKey, StringComparer.Ordinal)
                .Take(take),
        ];
        return Task.FromResult(page);
    }

    public Task<AuditRecord?> FindChangeFromAsync(AuditTarget target, string targetId, string oldVersion, CancellationToken cancellationToken)
    {
        calls.Enqueue("FindChangeFrom");
        return Task.FromResult(records.Values.FirstOrDefault(r =>
            r.Target == target && r.TargetId == targetId && r.OldVersion == oldVersion && r.Status != AuditStatus.Abandoned));
    }
}
