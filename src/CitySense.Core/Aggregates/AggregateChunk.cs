namespace CitySense.Core.Aggregates;

/// <summary>
/// The closed buckets of one chunk (<see cref="AggregateInterval.ChunkLength"/> from <see cref="Start"/>) as computed
/// from the readings: every bucket that ends at or before <see cref="ClosedUntil"/>, newest first, empty ones left out.
/// <see cref="Revision"/> is the month's late-reading revision read before the readings were: a chunk whose revision is
/// no longer the month's may miss a late reading and is computed again.
/// </summary>
public sealed record AggregateChunk(
    AggregateInterval Interval,
    DateTimeOffset Start,
    DateTimeOffset ClosedUntil,
    string? Revision,
    IReadOnlyList<AggregateBucket> Buckets);
