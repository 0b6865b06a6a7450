using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Readings;

/// <summary>What a sensor has reported: its latest reading, its history page by page, and whole ranges for export.</summary>
public sealed class HistoryService(ISensorStore sensors, HistoryReader history, TimeProvider clock, IOptions<ReadingOptions> options)
{
    public const int MaxExportColumns = 500;

    private TimeSpan Retention => TimeSpan.FromDays(options.Value.RetentionDays);

    /// <summary>The latest reading: one point read of the sensor, which carries it.</summary>
    public async Task<Outcome<Reading>> GetLatestAsync(SensorId id, CancellationToken cancellationToken)
    {
        var sensor = await sensors.FindAsync(id, cancellationToken);
        if (sensor is null)
        {
            return SensorProblems.Unknown(id);
        }

        if (sensor.Latest is not { } latest)
        {
            return Problem.NotFound($"Sensor '{id}' has no readings yet.");
        }

        return latest.ToReading(sensor);
    }

    /// <summary>History newest first, one page at a time; keyset paging, so new readings never shift a page.</summary>
    public async Task<Outcome<Page<Reading>>> ListAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ReadingListCursor? cursor = null;
        if (query.Cursor is not null && !CursorCodec.TryDecode(query.Cursor, out cursor))
        {
            return Problem.Validation("cursor", "is not a cursor returned by this listing");
        }

        var id = query.Sensor;
        var sensor = await sensors.FindAsync(id, cancellationToken);
        if (sensor is null)
        {
            return SensorProblems.Unknown(id);
        }

        var now = clock.GetUtcNow();
        var (floorKey, fromKey, toKey) = RangeKeys(query.From, query.To, now);
        var before = toKey;
        if (cursor is not null)
        {
            var sameQuery = cursor.Sensor == id.ToString()
                && cursor.Incarnation == sensor.Incarnation
                && (query.From is null || cursor.From == fromKey)
                && (query.To is null || cursor.To == toKey)
                && string.CompareOrdinal(cursor.Before, cursor.To) <= 0
                && SortKeys.TryReadTime(cursor.Before, out _)
                && SortKeys.TryReadTime(cursor.From, out _);
            if (!sameQuery)
            {
                return Problem.Validation("cursor", "belongs to another sensor or range; start again without a cursor");
            }

            (fromKey, toKey, before) = (cursor.From, cursor.To, cursor.Before);
        }

        var found = new List<Reading>(query.Limit + 1);
        await foreach (var reading in history.ReadAsync(sensor, SortKeys.Max(fromKey, floorKey), before, now, query.Limit + 1, cancellationToken))
        {
            found.Add(reading);
        }

        var items = found.Take(query.Limit).ToList();
        var next = found.Count > query.Limit
            ? CursorCodec.Encode(new ReadingListCursor(id.ToString(), sensor.Incarnation, items[^1].SortKey, fromKey, toKey))
            : null;
        return new Page<Reading>(items, next);
    }

    /// <summary>
    /// Prepares an export of a whole range. The range is read twice: once to learn the payload columns (so a header
    /// can be written first), once while writing; only one store page is in memory at a time.
    /// </summary>
    public async Task<Outcome<ReadingExport>> ExportAsync(ReadingRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        var id = range.Sensor;
        var sensor = await sensors.FindAsync(id, cancellationToken);
        if (sensor is null)
        {
            return SensorProblems.Unknown(id);
        }

        var now = clock.GetUtcNow();
        var (floorKey, requestedFrom, toKey) = RangeKeys(range.From, range.To, now);
        var fromKey = SortKeys.Max(requestedFrom, floorKey);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var reading in history.ReadAsync(sensor, fromKey, toKey, now, int.MaxValue, cancellationToken))
        {
            foreach (var column in PayloadColumns.Flatten(reading.Payload))
            {
                columns.Add(column.Key);
            }

            if (columns.Count > MaxExportColumns)
            {
                return Problem.Validation("to", $"the range has more than {MaxExportColumns} distinct payload fields; export a shorter range");
            }
        }

        return new ReadingExport(id.ToString(), [.. columns], ct => history.ReadAsync(sensor, fromKey, toKey, now, int.MaxValue, ct));
    }

    /// <summary>
    /// Sort-key bounds of a range: the retention floor, the requested start (the floor when none was given) and the
    /// inclusive end (now + the allowed clock skew when none was given).
    /// </summary>
    private (string FloorKey, string FromKey, string ToKey) RangeKeys(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var floorKey = SortKeys.StartOf(now - Retention);
        return (floorKey, from is { } f ? SortKeys.StartOf(f) : floorKey, SortKeys.EndOf(to ?? now + ApiLimits.MaxFutureSkew));
    }
}
