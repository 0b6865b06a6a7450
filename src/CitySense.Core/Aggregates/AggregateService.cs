using CitySense.Core.Json;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Aggregates;

/// <summary>
/// Aggregates of one sensor's history per interval. A bucket is closed once it ended more than
/// <see cref="ReadingOptions.AggregateSettleSeconds"/> ago: closed buckets are computed once from the readings, kept in
/// chunks beside them (<see cref="IAggregateStore"/>) and read back, so a range of closed buckets costs one query per
/// month however many readings it holds; the open buckets are computed from the readings on every request. A late
/// reading gives its month a new revision at ingest (<see cref="IngestService"/>), and chunks of an older revision are
/// computed again.
/// </summary>
public sealed class AggregateService(
    ISensorStore sensors,
    HistoryReader history,
    IAggregateStore aggregates,
    TimeProvider clock,
    IOptions<ReadingOptions> options)
{
    public async Task<Outcome<Page<AggregateBucket>>> ListAsync(AggregateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        AggregateCursor? cursor = null;
        if (query.Cursor is not null && !CursorCodec.TryDecode(query.Cursor, out cursor))
        {
            return Problem.Validation("cursor", "is not a cursor returned by this listing");
        }

        var sensor = await sensors.FindAsync(query.Sensor, cancellationToken);
        if (sensor is null)
        {
            return SensorProblems.Unknown(query.Sensor);
        }

        var interval = query.Interval;
        var now = clock.GetUtcNow();
        var floor = now - TimeSpan.FromDays(options.Value.RetentionDays);
        var newestPossible = now + ApiLimits.MaxFutureSkew;
        var from = interval.BucketOf(query.From is { } f && f > floor ? f : floor);
        var to = interval.BucketOf(query.To is { } t && t < newestPossible ? t : newestPossible) + interval.Length;
        var before = to;
        if (cursor is not null)
        {
            DateTimeOffset cursorBefore = default, cursorFrom = default, cursorTo = default;
            var sameQuery = cursor.Sensor == query.Sensor.ToString()
                && cursor.Incarnation == sensor.Incarnation
                && cursor.Interval == interval.Name
                && (query.From is null || cursor.From == Timestamps.Format(from))
                && (query.To is null || cursor.To == Timestamps.Format(to))
                && Timestamps.TryParse(cursor.Before, out cursorBefore)
                && Timestamps.TryParse(cursor.From, out cursorFrom)
                && Timestamps.TryParse(cursor.To, out cursorTo)
                && cursorBefore <= cursorTo
                && cursorFrom == interval.BucketOf(cursorFrom)
                && cursorBefore == interval.BucketOf(cursorBefore);
            if (!sameQuery)
            {
                return Problem.Validation("cursor", "belongs to another sensor, interval or range; start again without a cursor");
            }

            (from, to, before) = (cursorFrom, cursorTo, cursorBefore);
        }

        var found = new List<AggregateBucket>(query.Limit + 1);
        var closedEdge = interval.BucketOf(now - TimeSpan.FromSeconds(options.Value.AggregateSettleSeconds));
        if (before > closedEdge && before > from)
        {
            var open = await ReadAsync(sensor, Later(closedEdge, from), before, now, cancellationToken);
            found.AddRange(BucketAggregator.Aggregate(open, interval).Take(query.Limit + 1));
        }

        var closedBefore = before < closedEdge ? before : closedEdge;
        if (closedBefore > from && found.Count <= query.Limit)
        {
            await AddClosedAsync(sensor, interval, from, closedBefore, closedEdge, now, query.Limit + 1, found, cancellationToken);
        }

        var items = found.Take(query.Limit).Select(bucket => Select(bucket, query.Fields)).ToList();
        var next = found.Count > query.Limit
            ? CursorCodec.Encode(new AggregateCursor(
                query.Sensor.ToString(), sensor.Incarnation, interval.Name, Timestamps.Format(items[^1].Start), Timestamps.Format(from), Timestamps.Format(to)))
            : null;
        return new Page<AggregateBucket>(items, next);
    }

    /// <summary>
    /// Adds closed buckets starting in [<paramref name="from"/>, <paramref name="before"/>), newest first, until
    /// <paramref name="take"/> are found. Chunks are read a window at a time (one query, within one month): as many as
    /// the page can use.
    /// </summary>
    private async Task AddClosedAsync(
        Sensor sensor,
        AggregateInterval interval,
        DateTimeOffset from,
        DateTimeOffset before,
        DateTimeOffset closedEdge,
        DateTimeOffset now,
        int take,
        List<AggregateBucket> found,
        CancellationToken cancellationToken)
    {
        var bucketsPerChunk = (int)(interval.ChunkLength / interval.Length);
        var window = Math.Max(1, ((take - found.Count) / bucketsPerChunk) + 1);
        var firstChunk = interval.ChunkOf(from);
        var chunk = interval.ChunkOf(before.AddTicks(-1));
        while (chunk >= firstChunk && found.Count < take)
        {
            var month = ReadingBucket.For(sensor.Id, sensor.Incarnation, chunk);
            var monthStart = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var low = Later(Later(firstChunk, monthStart), chunk - ((window - 1) * interval.ChunkLength));
            var stored = await aggregates.ReadAsync(month, interval, low, chunk, cancellationToken);
            var byStart = stored.Chunks.ToDictionary(c => c.Start);
            for (var start = chunk; start >= low && found.Count < take; start -= interval.ChunkLength)
            {
                var end = Earlier(start + interval.ChunkLength, closedEdge);
                if (!byStart.TryGetValue(start, out var kept) || kept.Revision != stored.Revision || kept.ClosedUntil < end)
                {
                    var readings = await ReadAsync(sensor, start, end, now, cancellationToken);
                    kept = new AggregateChunk(interval, start, end, stored.Revision, BucketAggregator.Aggregate(readings, interval));
                    await aggregates.SaveAsync(month, kept, cancellationToken);
                }

                found.AddRange(kept.Buckets.Where(b => b.Start >= from && b.Start < before).Take(take - found.Count));
            }

            chunk = low - interval.ChunkLength;
        }
    }

    private async Task<List<Reading>> ReadAsync(Sensor sensor, DateTimeOffset from, DateTimeOffset before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var readings = new List<Reading>();
        await foreach (var reading in history.ReadAsync(sensor, SortKeys.StartOf(from), SortKeys.StartOf(before), now, int.MaxValue, cancellationToken))
        {
            readings.Add(reading);
        }

        return readings;
    }

    /// <summary>The fields asked for: named ones as they are, otherwise every field with a numeric value.</summary>
    private static AggregateBucket Select(AggregateBucket bucket, IReadOnlyList<string>? fields)
    {
        var selected = fields is null
            ? bucket.Fields.Where(pair => pair.Value.Count > 0)
            : bucket.Fields.Where(pair => fields.Contains(pair.Key, StringComparer.Ordinal));
        return bucket with { Fields = selected.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal) };
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
