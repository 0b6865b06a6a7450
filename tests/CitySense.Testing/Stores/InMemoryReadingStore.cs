using System.Collections.Concurrent;
using CitySense.Core.Readings;

namespace CitySense.Testing.Stores;

/// <summary>
/// Reading history in memory with the semantics of the Cosmos adapter: one partition per bucket, a reading id is
/// unique within its bucket (a second create returns what is stored, not created), pages are newest first by sort
/// key. Every call is recorded in <see cref="Calls"/>.
/// </summary>
public sealed class InMemoryReadingStore : IReadingStore
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Reading>> buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();

    /// <summary>The store methods called so far, in order ("TryCreate", "List").</summary>
    public IReadOnlyList<string> Calls => [.. calls];

    /// <summary>Forgets the calls recorded so far (the data stays).</summary>
    public void ResetCalls() => calls.Clear();

    /// <summary>Puts a reading in its bucket as it is; not recorded as a call.</summary>
    public void Add(Reading reading, ReadingBucket bucket)
    {
        ArgumentNullException.ThrowIfNull(reading);
        Bucket(bucket)[reading.Id] = reading;
    }

    /// <summary>Every stored reading of a bucket, newest first; not recorded as a call.</summary>
    public IReadOnlyList<Reading> In(ReadingBucket bucket) =>
        [.. Bucket(bucket).Values.OrderByDescending(reading => reading.SortKey, StringComparer.Ordinal)];

    /// <summary>Every stored reading, newest first; not recorded as a call.</summary>
    public IReadOnlyList<Reading> All =>
        [.. buckets.Values.SelectMany(bucket => bucket.Values).OrderByDescending(reading => reading.SortKey, StringComparer.Ordinal)];

    public Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        calls.Enqueue("TryCreate");
        var stored = Bucket(bucket).GetOrAdd(reading.Id, reading);
        return Task.FromResult(new IngestResult(stored, Created: ReferenceEquals(stored, reading)));
    }

    public Task<IReadOnlyList<Reading>> ListAsync(
        ReadingBucket bucket,
        string fromSortKey,
        string beforeSortKey,
        int take,
        CancellationToken cancellationToken)
    {
        calls.Enqueue("List");
        IReadOnlyList<Reading> page =
        [
            .. Bucket(bucket).Values
                .Where(reading => string.CompareOrdinal(reading.SortKey, fromSortKey) >= 0
                    && string.CompareOrdinal(reading.SortKey, beforeSortKey) < 0)
                .OrderByDescending(reading => reading.SortKey, StringComparer.Ordinal)
                .Take(take),
        ];
        return Task.FromResult(page);
    }

    private ConcurrentDictionary<string, Reading> Bucket(ReadingBucket bucket) =>
        buckets.GetOrAdd(bucket.Key, _ => new ConcurrentDictionary<string, Reading>(StringComparer.Ordinal));
}
