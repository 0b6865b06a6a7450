using CitySense.Core.Readings;

namespace CitySense.Core.Aggregates;

/// <summary>
/// Computes buckets from raw readings: the one definition of an aggregate, used for the open bucket, for closed chunks
/// and (in tests) as the reference. Readings are folded in sort-key order (timestamp, then id), so first and last go
/// by timestamp and the result does not depend on the order the store returned them in.
/// </summary>
public static class BucketAggregator
{
    /// <summary>The non-empty buckets of <paramref name="readings"/>, newest first.</summary>
    public static IReadOnlyList<AggregateBucket> Aggregate(IEnumerable<Reading> readings, AggregateInterval interval)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(interval);
        var buckets = new List<AggregateBucket>();
        foreach (var group in readings
                     .OrderBy(reading => reading.SortKey, StringComparer.Ordinal)
                     .GroupBy(reading => interval.BucketOf(reading.Timestamp)))
        {
            var fields = new SortedDictionary<string, FieldAccumulator>(StringComparer.Ordinal);
            long count = 0;
            foreach (var reading in group)
            {
                count++;
                foreach (var (name, value) in PayloadColumns.Flatten(reading.Payload))
                {
                    if (!fields.TryGetValue(name, out var accumulator))
                    {
                        fields[name] = accumulator = new FieldAccumulator();
                    }

                    accumulator.Add(value);
                }
            }

            buckets.Add(new AggregateBucket(
                group.Key,
                count,
                fields.ToDictionary(pair => pair.Key, pair => pair.Value.ToStats(), StringComparer.Ordinal)));
        }

        buckets.Reverse();
        return buckets;
    }
}
