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
    /// can be written first), once while writing; only one store page is in memory at a time. Both passes together
    /// get one <see cref="WorkBudget"/>, and a range may hold at most <see cref="ReadingOptions.MaxExportRows"/>
    /// readings, so an export ends well inside the Functions host's timeout.
    /// </summary>
    public async Task<Outcome<ReadingExport>> ExportAsync(ReadingRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        var id = range.Sensor;
        var started = clock.GetUtcNow();
        var budgetTime = TimeSpan.FromSeconds(options.Value.RequestBudgetSeconds);
        var maxRows = options.Value.MaxExportRows;
        using var budget = new WorkBudget(budgetTime, clock, cancellationToken);
        try
        {
            var sensor = await sensors.FindAsync(id, budget.Token);
            if (sensor is null)
            {
                return SensorProblems.Unknown(id);
            }

            var (floorKey, requestedFrom, toKey) = RangeKeys(range.From, range.To, started);
            var fromKey = SortKeys.Max(requestedFrom, floorKey);
            var columns = new SortedSet<string>(StringComparer.Ordinal);
            var rows = 0;
            await foreach (var reading in history.ReadAsync(sensor, fromKey, toKey, started, maxRows + 1, budget.Token))
            {
                if (++rows > maxRows)
                {
                    return TooManyRows(maxRows, reading.Timestamp);
                }

                foreach (var column in PayloadColumns.Flatten(reading.Payload))
                {
                    columns.Add(column.Key);
                }

                if (columns.Count > MaxExportColumns)
                {
                    return Problem.Validation("to", $"the range has more than {MaxExportColumns} distinct payload fields; export a shorter range");
                }
            }

            var deadline = started + budgetTime;
            return new ReadingExport(id.ToString(), [.. columns], ct => ReadWithinAsync(sensor, fromKey, toKey, started, deadline, ct));
        }
        catch (OperationCanceledException) when (budget.Exhausted && !cancellationToken.IsCancellationRequested)
        {
            return TooSlow(budgetTime);
        }
    }

    /// <summary>The export's second pass, within what is left of its budget; running out aborts the response.</summary>
    private async IAsyncEnumerable<Reading> ReadWithinAsync(
        Sensor sensor,
        string fromKey,
        string toKey,
        DateTimeOffset started,
        DateTimeOffset deadline,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var left = deadline - clock.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            throw OutOfTime(null);
        }

        using var budget = new WorkBudget(left, clock, cancellationToken);
        await using var rows = history.ReadAsync(sensor, fromKey, toKey, started, options.Value.MaxExportRows, budget.Token).GetAsyncEnumerator(budget.Token);
        while (true)
        {
            try
            {
                if (!await rows.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (OperationCanceledException ex) when (budget.Exhausted && !cancellationToken.IsCancellationRequested)
            {
                throw OutOfTime(ex);
            }

            yield return rows.Current;
        }
    }

    private StoreUnavailableException OutOfTime(Exception? cause) => new(
        $"The export did not finish within its budget of {options.Value.RequestBudgetSeconds} s.", TimeSpan.FromSeconds(1), cause);

    /// <summary>Refuses a range that is too large, naming the two ranges that split it.</summary>
    /// <param name="splitAt">The timestamp of the first reading that did not fit (they come newest first).</param>
    private static Problem TooManyRows(int maxRows, DateTimeOffset splitAt)
    {
        var after = Json.Timestamps.Format(splitAt.AddTicks(1));
        var upTo = Json.Timestamps.Format(splitAt);
        return Problem.Validation(
            "from",
            $"the range holds more than {maxRows} readings, the most one export may hold; export the newer part with "
            + $"from={after} and the older part with to={upTo} (keeping your other bound), narrowing again if refused");
    }

    private static Problem TooSlow(TimeSpan budget) => new(
        ProblemKind.ServiceUnavailable,
        "The service is temporarily unavailable.",
        $"Reading the range took longer than the {budget.TotalSeconds:0} s one export may take (the database is busy); "
        + "retry after the time in Retry-After, or export a shorter range.",
        RetryAfter: TimeSpan.FromSeconds(5));

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
