using CitySense.Core.Json;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Readings;

/// <summary>Ingest, latest value and history of sensor readings.</summary>
public sealed partial class ReadingService(
    ISensorStore sensors,
    IReadingStore readings,
    TimeProvider clock,
    IOptions<ReadingOptions> options,
    ILogger<ReadingService> logger)
{
    // Sorts after every reading id character, so "timestamp|~" includes all readings at that timestamp.
    private const string AfterAnyId = "|~";

    private TimeSpan Retention => TimeSpan.FromDays(options.Value.RetentionDays);

    /// <summary>
    /// Stores a reading and moves the sensor's latest reading forward when it is newer. Safe to retry with the same id.
    /// Costs two store operations when the reading is the newest (the usual case), three when it arrives late.
    /// </summary>
    public async Task<Outcome<IngestResult>> IngestAsync(
        string? sensorId,
        IngestReadingRequest? request,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!SensorId.TryParse(sensorId, out var id))
        {
            errors.Add("sensorId", SensorId.Rule);
        }

        var candidate = CheckReading(request, errors);
        if (errors.Any || candidate is null)
        {
            return errors.ToProblem();
        }

        return await StoreAsync(id, candidate, cancellationToken);
    }

    public async Task<Outcome<Reading>> GetLatestAsync(string? sensorId, CancellationToken cancellationToken)
    {
        if (!SensorId.TryParse(sensorId, out var id))
        {
            return Problem.Validation("sensorId", SensorId.Rule);
        }

        var sensor = await sensors.FindAsync(id, cancellationToken);
        if (sensor is null)
        {
            return SensorService.UnknownSensor(id);
        }

        if (sensor.Latest is not { } latest)
        {
            return Problem.NotFound($"Sensor '{id}' has no readings yet.");
        }

        return new Reading
        {
            Id = latest.Id,
            SensorId = id,
            Timestamp = latest.Timestamp,
            ReceivedAt = latest.ReceivedAt,
            Payload = latest.Payload,
            Coordinates = sensor.Coordinates,
            SortKey = latest.SortKey,
        };
    }

    /// <summary>History newest first, one page at a time; keyset paging, so new readings never shift a page.</summary>
    public async Task<Outcome<Page<Reading>>> ListAsync(
        string? sensorId,
        ReadingListQuery query,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (id, from, to) = CheckRange(sensorId, query, errors);
        var limit = PageSize.Read(query.Limit, ApiLimits.DefaultReadingPageSize, ApiLimits.MaxReadingPageSize, errors);
        ReadingListCursor? cursor = null;
        if (query.Cursor is not null && !CursorCodec.TryDecode(query.Cursor, out cursor))
        {
            errors.Add("cursor", "is not a cursor returned by this listing");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var sensor = await sensors.FindAsync(id, cancellationToken);
        if (sensor is null)
        {
            return SensorService.UnknownSensor(id);
        }

        var now = clock.GetUtcNow();
        var (floorKey, fromKey, toKey) = RangeKeys(from, to, now);
        var before = toKey;
        if (cursor is not null)
        {
            var sameQuery = cursor.Sensor == id.ToString()
                && cursor.Incarnation == sensor.Incarnation
                && (query.From is null || cursor.From == fromKey)
                && (query.To is null || cursor.To == toKey)
                && string.CompareOrdinal(cursor.Before, cursor.To) <= 0
                && TryReadKeyTime(cursor.Before, out _)
                && TryReadKeyTime(cursor.From, out _);
            if (!sameQuery)
            {
                return Problem.Validation("cursor", "belongs to another sensor or range; start again without a cursor");
            }

            (fromKey, toKey, before) = (cursor.From, cursor.To, cursor.Before);
        }

        var found = new List<Reading>(limit + 1);
        await foreach (var reading in ReadRangeAsync(sensor, Later(fromKey, floorKey), before, now, limit + 1, cancellationToken))
        {
            found.Add(reading);
            if (found.Count > limit)
            {
                break;
            }
        }

        var items = found.Take(limit).ToList();
        var next = found.Count > limit
            ? CursorCodec.Encode(new ReadingListCursor(id.ToString(), sensor.Incarnation, items[^1].SortKey, fromKey, toKey))
            : null;
        return new Page<Reading>(items, next);
    }

    public const int MaxExportColumns = 500;
    private const int ExportPageSize = 1000;

    /// <summary>
    /// Prepares a CSV-style export of a whole from/to range. The range is read twice: once to learn the payload
    /// columns (so the header can be written first), once while writing; only one page is in memory at a time.
    /// </summary>
    public async Task<Outcome<ReadingExport>> ExportAsync(string? sensorId, ReadingListQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (id, from, to) = CheckRange(sensorId, query, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var sensor = await sensors.FindAsync(id, cancellationToken);
        if (sensor is null)
        {
            return SensorService.UnknownSensor(id);
        }

        var now = clock.GetUtcNow();
        var (floorKey, requestedFrom, toKey) = RangeKeys(from, to, now);
        var fromKey = Later(requestedFrom, floorKey);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var reading in ReadRangeAsync(sensor, fromKey, toKey, now, int.MaxValue, cancellationToken))
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

        return new ReadingExport(id.ToString(), [.. columns], ct => ReadRangeAsync(sensor, fromKey, toKey, now, int.MaxValue, ct));
    }

    /// <summary>
    /// Readings with <paramref name="fromKey"/> &lt;= sort key &lt; <paramref name="beforeKey"/>, newest first, one
    /// store page at a time, walking month buckets backwards. The walk never starts later than now + 5 minutes
    /// (no reading can be newer), so a far-future 'to' costs nothing.
    /// </summary>
    private async IAsyncEnumerable<Reading> ReadRangeAsync(
        Sensor sensor,
        string fromKey,
        string beforeKey,
        DateTimeOffset now,
        int maxItems,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!TryReadKeyTime(fromKey, out var fromTime) || !TryReadKeyTime(beforeKey, out var beforeTime))
        {
            yield break;
        }

        var newestPossible = now + ApiLimits.MaxFutureSkew;
        var lowest = ReadingBucket.For(sensor.Id, sensor.Incarnation, fromTime);
        var start = ReadingBucket.For(sensor.Id, sensor.Incarnation, beforeTime < newestPossible ? beforeTime : newestPossible);
        var remaining = maxItems;
        for (var bucket = start; !bucket.IsBefore(lowest) && remaining > 0; bucket = bucket.Previous())
        {
            var before = beforeKey;
            while (remaining > 0)
            {
                var take = Math.Min(ExportPageSize, remaining);
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

    /// <summary>The sensor id and from/to of a history request, checked.</summary>
    private static (SensorId Id, DateTimeOffset? From, DateTimeOffset? To) CheckRange(string? sensorId, ReadingListQuery query, ValidationErrors errors)
    {
        if (!SensorId.TryParse(sensorId, out var id))
        {
            errors.Add("sensorId", SensorId.Rule);
        }

        var from = ReadTime(query.From, "from", errors);
        var to = ReadTime(query.To, "to", errors);
        if (from > to)
        {
            errors.Add("from", "must not be after 'to'");
        }

        return (id, from, to);
    }

    /// <summary>
    /// Sort-key bounds of a range: the retention floor, the requested start (the floor when none was given) and the
    /// inclusive end (now + 5 minutes when none was given).
    /// </summary>
    private (string FloorKey, string FromKey, string ToKey) RangeKeys(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var floorKey = Timestamps.Format(now - Retention);
        return (floorKey, from is { } f ? Timestamps.Format(f) : floorKey, Timestamps.Format(to ?? now + ApiLimits.MaxFutureSkew) + AfterAnyId);
    }

    private static string Later(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;

    private LatestReading? CheckReading(IngestReadingRequest? request, ValidationErrors errors)
    {
        if (request is null)
        {
            errors.Add("body", "is required");
            return null;
        }

        if (request.Id is not null && !ReadingId.IsValid(request.Id))
        {
            errors.Add("id", ReadingId.Rule);
        }

        var now = clock.GetUtcNow();
        var timestamp = request.Timestamp ?? now;
        if (timestamp > now + ApiLimits.MaxFutureSkew)
        {
            errors.Add("timestamp", "must not be more than 5 minutes in the future");
        }
        else if (timestamp < now - Retention)
        {
            errors.Add("timestamp", $"must be within the retention period of {options.Value.RetentionDays} days");
        }

        if (request.Payload is not { ValueKind: not System.Text.Json.JsonValueKind.Null } payload)
        {
            errors.Add("payload", "is required");
            return null;
        }

        JsonValueRules.CheckObject(
            payload,
            "payload",
            ApiLimits.MaxPayloadBytes,
            ApiLimits.MaxPayloadProperties,
            ApiLimits.MaxPayloadDepth,
            requireProperties: true,
            errors);
        if (errors.Any)
        {
            return null;
        }

        var readingId = request.Id ?? ReadingId.New();
        return new LatestReading
        {
            Id = readingId,
            Timestamp = timestamp,
            ReceivedAt = now,
            Payload = payload.Clone(),
            SortKey = Timestamps.Format(timestamp) + "|" + readingId,
        };
    }

    private async Task<Outcome<IngestResult>> StoreAsync(SensorId id, LatestReading candidate, CancellationToken cancellationToken)
    {
        var target = await PrepareIngestAsync(id, candidate, cancellationToken);
        return target.Succeeded
            ? await CreateAsync(target.Value, candidate, cancellationToken)
            : target.Problem;
    }

    /// <summary>
    /// Latest first: one conditional write both checks that the sensor exists and is active and moves "latest"
    /// forward only in time, so ingest in order costs two operations and late readings never replace newer ones.
    /// <paramref name="newest"/> is the newest reading about to be stored for the sensor.
    /// </summary>
    private async Task<Outcome<IngestTarget>> PrepareIngestAsync(SensorId id, LatestReading newest, CancellationToken cancellationToken)
    {
        var advance = await sensors.TryAdvanceLatestAsync(id, newest, cancellationToken);
        switch (advance.Status)
        {
            case StoreWriteStatus.NotFound:
                return SensorService.UnknownSensor(id);
            case StoreWriteStatus.Written:
                return new IngestTarget(advance.Sensor!, newest.Id);
        }

        var sensor = await sensors.FindAsync(id, cancellationToken);
        if (sensor is null)
        {
            return SensorService.UnknownSensor(id);
        }

        if (sensor.Status != SensorStatus.Active)
        {
            return new Problem(
                ProblemKind.SensorInactive,
                "The sensor is inactive.",
                $"Sensor '{id}' is inactive and does not accept readings; set its status to 'active' first.");
        }

        return new IngestTarget(sensor, AdvancedTo: null);
    }

    private async Task<IngestResult> CreateAsync(IngestTarget target, LatestReading candidate, CancellationToken cancellationToken)
    {
        var sensor = target.Sensor;
        var reading = new Reading
        {
            Id = candidate.Id,
            SensorId = sensor.Id,
            Timestamp = candidate.Timestamp,
            ReceivedAt = candidate.ReceivedAt,
            Payload = candidate.Payload,
            Coordinates = sensor.Coordinates,
            SortKey = candidate.SortKey,
        };
        var result = await readings.TryCreateAsync(reading, ReadingBucket.For(sensor.Id, sensor.Incarnation, reading.Timestamp), cancellationToken);
        // "latest" may hold a copy of this reading id that is not the stored one: from this attempt when the id was
        // reused with another timestamp or a parallel request stored it first, or from an earlier attempt whose create
        // failed after "latest" had moved (a retry then stores it with its own receivedAt). History is the truth.
        var latestCopy = target.AdvancedTo == candidate.Id ? candidate : sensor.Latest;
        if (latestCopy?.Id == candidate.Id
            && (latestCopy.SortKey != result.Reading.SortKey || latestCopy.ReceivedAt != result.Reading.ReceivedAt))
        {
            await RepairLatestAsync(sensor, candidate.Id, cancellationToken);
        }

        if (result.Created)
        {
            LogStored(reading.Id, sensor.Id);
        }
        else
        {
            LogDuplicate(reading.Id, sensor.Id);
        }

        return result;
    }

    /// <summary>The sensor a reading goes to, and the reading id that moved its latest reading, if any.</summary>
    private sealed record IngestTarget(Sensor Sensor, string? AdvancedTo);

    private async Task RepairLatestAsync(Sensor sensor, string wrongLatestId, CancellationToken cancellationToken)
    {
        var newest = await ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "1" }, cancellationToken);
        var latest = newest.Value is { Items: [var reading, ..] }
            ? new LatestReading
            {
                Id = reading.Id,
                Timestamp = reading.Timestamp,
                ReceivedAt = reading.ReceivedAt,
                Payload = reading.Payload,
                SortKey = reading.SortKey,
            }
            : null;
        await sensors.ReplaceLatestAsync(sensor.Id, latest, wrongLatestId, cancellationToken);
        LogLatestRepaired(sensor.Id, wrongLatestId);
    }

    private static DateTimeOffset? ReadTime(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!Timestamps.TryParse(text, out var value))
        {
            errors.Add(field, "must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z");
            return null;
        }

        return value;
    }

    private static bool TryReadKeyTime(string key, out DateTimeOffset time)
    {
        var end = key.IndexOf('|', StringComparison.Ordinal);
        return Timestamps.TryParse(end < 0 ? key : key[..end], out time);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored reading {ReadingId} for {SensorId}")]
    private partial void LogStored(string readingId, SensorId sensorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {ReadingId} for {SensorId} was already stored")]
    private partial void LogDuplicate(string readingId, SensorId sensorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading id {ReadingId} of {SensorId} was reused with another timestamp; latest reading recomputed")]
    private partial void LogLatestRepaired(SensorId sensorId, string readingId);
}
