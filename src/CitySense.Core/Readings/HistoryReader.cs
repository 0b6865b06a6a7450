using System.Runtime.CompilerServices;
using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>
/// Reads one sensor's history across its month partitions (<see cref="ReadingBucket"/>), newest first, one store page
/// at a time, querying only the months the sensor records as holding readings. The only code that walks buckets: history pages, exports and the repair of "latest" all read here.
/// </summary>
public sealed class HistoryReader(IReadingStore readings)
{
    /// <summary>Readings per store query; a page of history asks for at most its own size plus one.</summary>
    public const int StorePageSize = 1000;

    /// <summary>
    /// Readings with <paramref name="fromKey"/> &lt;= sort key &lt; <paramref name="beforeKey"/>, newest first. The
    /// walk never starts later than <paramref name="now"/> + the allowed clock skew (no reading can be newer), so a
    /// far-future end costs nothing.
    /// </summary>
    public async IAsyncEnumerable<Reading> ReadAsync(
        Sensor sensor,
        string fromKey,
        string beforeKey,
        DateTimeOffset now,
        int maxItems,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        if (!SortKeys.TryReadTime(fromKey, out var fromTime) || !SortKeys.TryReadTime(beforeKey, out var beforeTime))
        {
            yield break;
        }

        var newestPossible = now + ApiLimits.MaxFutureSkew;
        var lowest = ReadingBucket.For(sensor.Id, sensor.Incarnation, fromTime);
        var start = ReadingBucket.For(sensor.Id, sensor.Incarnation, beforeTime < newestPossible ? beforeTime : newestPossible);
        var remaining = maxItems;
        for (var bucket = start; !bucket.IsBefore(lowest) && remaining > 0; bucket = bucket.Previous())
        {
            if (sensor.ReadingMonths is { } months && !months.Contains(bucket.MonthKey))
            {
                continue; // no reading was ever stored in this month
            }

            var before = beforeKey;
            while (remaining > 0)
            {
                var take = Math.Min(StorePageSize, remaining);
                var page = await readings.ListAsync(bucket, fromKey, before, take, cancellationToken);
                foreach (var reading in page)
                {
                    remaining--;
                    yield return reading;
                }

                if (page.Count < take)
                {
                    break;
                }

                before = page[^1].SortKey;
            }
        }
    }

    /// <summary>The newest reading with a sort key at or after <paramref name="fromKey"/>, or null.</summary>
    public async Task<Reading?> FindNewestAsync(Sensor sensor, string fromKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await foreach (var reading in ReadAsync(sensor, fromKey, SortKeys.EndOf(now + ApiLimits.MaxFutureSkew), now, 1, cancellationToken))
        {
            return reading;
        }

        return null;
    }
}
