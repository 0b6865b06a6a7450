using System.Collections.Concurrent;
using CitySense.Core.Aggregates;
using CitySense.Core.Readings;

namespace CitySense.Testing.Stores;

/// <summary>
/// Aggregate chunks and month revisions in memory with the semantics of the Cosmos adapter: chunks are kept per month
/// partition by (interval, start), a save replaces, a mark sets a new random revision. Every call is recorded in
/// <see cref="Calls"/>.
/// </summary>
public sealed class InMemoryAggregateStore : IAggregateStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(string Interval, DateTimeOffset Start), AggregateChunk>> chunks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> revisions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();

    /// <summary>The store methods called so far, in order ("Read", "Save", "MarkChanged").</summary>
    public IReadOnlyList<string> Calls => [.. calls];

    public void ResetCalls() => calls.Clear();

    /// <summary>How many chunks are kept in all; not recorded as a call.</summary>
    public int ChunkCount => chunks.Values.Sum(month => month.Count);

    public Task<StoredAggregates> ReadAsync(
        ReadingBucket month,
        AggregateInterval interval,
        DateTimeOffset firstChunk,
        DateTimeOffset lastChunk,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interval);
        calls.Enqueue("Read");
        revisions.TryGetValue(month.Key, out var revision);
        IReadOnlyList<AggregateChunk> found =
        [
            .. Month(month).Where(pair => pair.Key.Interval == interval.Name && pair.Key.Start >= firstChunk && pair.Key.Start <= lastChunk)
                .Select(pair => pair.Value),
        ];
        return Task.FromResult(new StoredAggregates(revision, found));
    }

    public Task SaveAsync(ReadingBucket month, AggregateChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        calls.Enqueue("Save");
        Month(month)[(chunk.Interval.Name, chunk.Start)] = chunk;
        return Task.CompletedTask;
    }

    public Task MarkChangedAsync(ReadingBucket month, CancellationToken cancellationToken)
    {
        calls.Enqueue("MarkChanged");
        revisions[month.Key] = Guid.NewGuid().ToString("N");
        return Task.CompletedTask;
    }

    private ConcurrentDictionary<(string Interval, DateTimeOffset Start), AggregateChunk> Month(ReadingBucket month) =>
        chunks.GetOrAdd(month.Key, _ => new ConcurrentDictionary<(string Interval, DateTimeOffset Start), AggregateChunk>());
}
