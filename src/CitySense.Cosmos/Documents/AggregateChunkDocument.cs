using CitySense.Core.Aggregates;
using CitySense.Core.Json;

namespace CitySense.Cosmos.Documents;

/// <summary>
/// A chunk of closed aggregate buckets in the "readings" container, in the partition of the month it summarises. Its
/// id and sort key begin with '~', which sorts after every reading's sort key (a timestamp), so history queries never
/// see it, and the sort-key index finds an interval's chunks in time order.
/// </summary>
internal sealed record AggregateChunkDocument
{
    public const string KeyPrefix = "~agg|";

    public required string Id { get; init; }

    public required string Pk { get; init; }

    public required string SortKey { get; init; }

    public required string Interval { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset ClosedUntil { get; init; }

    public string? Revision { get; init; }

    public required IReadOnlyList<StoredBucket> Buckets { get; init; }

    public static string KeyOf(AggregateInterval interval, DateTimeOffset chunkStart) =>
        KeyPrefix + interval.Name + "|" + Timestamps.Format(chunkStart);

    public static AggregateChunkDocument From(string partition, AggregateChunk chunk) => new()
    {
        Id = KeyOf(chunk.Interval, chunk.Start),
        Pk = partition,
        SortKey = KeyOf(chunk.Interval, chunk.Start),
        Interval = chunk.Interval.Name,
        Start = chunk.Start,
        ClosedUntil = chunk.ClosedUntil,
        Revision = chunk.Revision,
        Buckets = [.. chunk.Buckets.Select(StoredBucket.From)],
    };

    public AggregateChunk ToChunk()
    {
        if (!AggregateInterval.TryParse(Interval, out var interval))
        {
            throw new InvalidOperationException($"Stored aggregate chunk {Id} has an unknown interval.");
        }

        return new AggregateChunk(interval, Start, ClosedUntil, Revision, [.. Buckets.Select(bucket => bucket.ToBucket())]);
    }

    /// <summary>One bucket: its start, reading count and, per field, the statistics (short names keep chunks small).</summary>
    internal sealed record StoredBucket
    {
        public required DateTimeOffset Start { get; init; }

        public required long Count { get; init; }

        public required IReadOnlyDictionary<string, StoredStats> Fields { get; init; }

        public static StoredBucket From(AggregateBucket bucket) => new()
        {
            Start = bucket.Start,
            Count = bucket.Count,
            Fields = bucket.Fields.ToDictionary(
                pair => pair.Key,
                pair => new StoredStats
                {
                    N = pair.Value.Count,
                    Min = pair.Value.Min,
                    Max = pair.Value.Max,
                    Sum = pair.Value.Sum,
                    First = pair.Value.First,
                    Last = pair.Value.Last,
                    Nn = pair.Value.NonNumeric == 0 ? null : pair.Value.NonNumeric,
                },
                StringComparer.Ordinal),
        };

        public AggregateBucket ToBucket() => new(
            Start,
            Count,
            Fields.ToDictionary(
                pair => pair.Key,
                pair => new FieldStats(pair.Value.N, pair.Value.Min, pair.Value.Max, pair.Value.Sum, pair.Value.First, pair.Value.Last, pair.Value.Nn ?? 0),
                StringComparer.Ordinal));
    }

    /// <summary>A field's statistics: n numeric values, nn non-numeric ones (left out when none).</summary>
    internal sealed record StoredStats
    {
        public required long N { get; init; }

        public double? Min { get; init; }

        public double? Max { get; init; }

        public double? Sum { get; init; }

        public double? First { get; init; }

        public double? Last { get; init; }

        public long? Nn { get; init; }
    }
}
