using CitySense.Core.Readings;

namespace CitySense.Core.Aggregates;

/// <summary>
/// Where closed aggregate chunks are kept: beside the readings they summarise, in the month's partition
/// (<see cref="ReadingBucket"/>), so deleting a sensor (a new incarnation) and retention take them with the readings.
/// </summary>
public interface IAggregateStore
{
    /// <summary>
    /// The month's revision and its chunks of <paramref name="interval"/> starting from <paramref name="firstChunk"/>
    /// to <paramref name="lastChunk"/> (inclusive): one query.
    /// </summary>
    Task<StoredAggregates> ReadAsync(
        ReadingBucket month,
        AggregateInterval interval,
        DateTimeOffset firstChunk,
        DateTimeOffset lastChunk,
        CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) a chunk: one write.</summary>
    Task SaveAsync(ReadingBucket month, AggregateChunk chunk, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the month a new revision, so every chunk computed before is computed again: called after a late reading is
    /// stored (one write).
    /// </summary>
    Task MarkChangedAsync(ReadingBucket month, CancellationToken cancellationToken);
}
