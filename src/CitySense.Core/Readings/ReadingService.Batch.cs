using CitySense.Core.Geo;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Validation;

namespace CitySense.Core.Readings;

/// <summary>Batch ingest and the latest readings near a point.</summary>
public sealed partial class ReadingService
{
    public const int DefaultLatestNearPageSize = 50;
    public const int MaxLatestNearPageSize = 200;

    /// <summary>How many store calls a batch keeps in flight: parallel enough to hide latency, gentle on RU/s.</summary>
    public const int BatchParallelism = 16;

    /// <summary>
    /// Stores up to 500 readings of any sensors. Each item gets its own result, in input order; items that repeat an
    /// earlier item's (sensor, id) are duplicates of it. Per sensor, "latest" is moved once, by the newest item,
    /// so the outcome does not depend on item order; then the readings are created in parallel.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<BatchItemOutcome>>> IngestBatchAsync(BatchIngestRequest? request, CancellationToken cancellationToken)
    {
        if (request?.Readings is not { } items || items.Count == 0)
        {
            return Problem.Validation("readings", $"must be an array of 1 to {ApiLimits.MaxBatchItems} readings");
        }

        if (items.Count > ApiLimits.MaxBatchItems)
        {
            return Problem.Validation("readings", $"must have at most {ApiLimits.MaxBatchItems} items (had {items.Count})");
        }

        var outcomes = new BatchItemOutcome?[items.Count];
        var accepted = new List<(int Index, SensorId Sensor, LatestReading Reading)>();
        var firstIndex = new Dictionary<(SensorId, string), int>();
        var repeats = new List<(int Index, int Of)>();
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var errors = new ValidationErrors();
            if (!SensorId.TryParse(item?.SensorId, out var sensorId))
            {
                errors.Add("sensorId", item?.SensorId is null ? "is required" : SensorId.Rule);
            }

            var candidate = CheckReading(
                item is null ? null : new IngestReadingRequest { Id = item.Id, Timestamp = item.Timestamp, Payload = item.Payload },
                errors);
            if (errors.Any || candidate is null)
            {
                outcomes[index] = new BatchItemOutcome(index, item?.SensorId, null, errors.ToProblem());
            }
            else if (item!.Id is not null && firstIndex.TryGetValue((sensorId, item.Id), out var first))
            {
                repeats.Add((index, first));
            }
            else
            {
                if (item.Id is not null)
                {
                    firstIndex[(sensorId, item.Id)] = index;
                }

                accepted.Add((index, sensorId, candidate));
            }
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken };
        var targets = new Dictionary<SensorId, Outcome<IngestTarget>>();
        var bySensor = accepted.GroupBy(item => item.Sensor).ToList();
        await Parallel.ForEachAsync(bySensor, options, async (group, ct) =>
        {
            var newest = group.MaxBy(item => item.Reading.SortKey, StringComparer.Ordinal).Reading;
            var target = await Attempt(() => PrepareIngestAsync(group.Key, newest, ct));
            lock (targets)
            {
                targets[group.Key] = target;
            }
        });

        await Parallel.ForEachAsync(accepted, options, async (item, ct) =>
        {
            var target = targets[item.Sensor];
            outcomes[item.Index] = target.Succeeded
                ? await AttemptItem(item.Index, item.Sensor, () => CreateAsync(target.Value, item.Reading, ct))
                : new BatchItemOutcome(item.Index, item.Sensor.ToString(), null, target.Problem);
        });

        foreach (var (index, of) in repeats)
        {
            var original = outcomes[of]!;
            outcomes[index] = original.Result is { } result
                ? original with { Index = index, Result = result with { Created = false } }
                : original with { Index = index };
        }

        var created = outcomes.Count(o => o!.Result?.Created == true);
        var failed = outcomes.Count(o => o!.Problem is not null);
        LogBatch(items.Count, created, failed);
        return outcomes.Select(o => o!).ToList();
    }

    /// <summary>The latest reading of every sensor near a point, nearest first: one query per page.</summary>
    public async Task<Outcome<Page<Nearby<Sensor>>>> ListLatestNearAsync(LatestNearQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Coordinates? near = null;
        if (query.Near is null)
        {
            errors.Add("near", "is required");
        }
        else
        {
            near = GeoQuery.ReadNear(query.Near, errors);
        }

        var radius = GeoQuery.ReadRadius(query.Radius, errors);
        SensorService.ReadFilters(null, query.Type, null, errors);
        var limit = PageSize.Read(query.Limit, DefaultLatestNearPageSize, MaxLatestNearPageSize, errors);
        LatestNearCursor? cursor = null;
        if (query.Cursor is not null)
        {
            if (!CursorCodec.TryDecode(query.Cursor, out cursor) || !SensorId.TryParse(cursor.After, out _))
            {
                errors.Add("cursor", "is not a cursor returned by this listing");
            }
            else if (cursor.Near != query.Near || cursor.Radius != query.Radius || cursor.Type != query.Type)
            {
                errors.Add("cursor", "belongs to a listing with other parameters; repeat the same query with the cursor");
            }
        }

        if (errors.Any || near is null)
        {
            return errors.ToProblem();
        }

        var candidates = await sensors.ListNearAsync(
            near,
            NearPaging.InnerRadius(cursor?.Distance),
            NearPaging.OuterRadius(radius),
            new SensorFilter(null, query.Type, null),
            withLatest: true,
            cancellationToken);
        var found = NearPaging.Page(candidates, near, radius, cursor?.Distance, cursor?.After, limit + 1);
        var page = found.Take(limit).ToList();
        var next = found.Count > limit
            ? CursorCodec.Encode(new LatestNearCursor(page[^1].Item.Id.ToString(), page[^1].DistanceMeters, query.Near!, query.Radius, query.Type))
            : null;
        return new Page<Nearby<Sensor>>(page, next);
    }

    private static async Task<Outcome<T>> Attempt<T>(Func<Task<Outcome<T>>> call)
    {
        try
        {
            return await call();
        }
        catch (StoreUnavailableException ex)
        {
            return Unavailable(ex);
        }
    }

    private static async Task<BatchItemOutcome> AttemptItem(int index, SensorId sensorId, Func<Task<IngestResult>> call)
    {
        try
        {
            return new BatchItemOutcome(index, sensorId.ToString(), await call(), null);
        }
        catch (StoreUnavailableException ex)
        {
            return new BatchItemOutcome(index, sensorId.ToString(), null, Unavailable(ex));
        }
    }

    private static Problem Unavailable(StoreUnavailableException exception) => new(
        ProblemKind.ServiceUnavailable,
        "The service is temporarily unavailable.",
        "The database is busy or unreachable; send this item again (retrying the same id is safe).",
        RetryAfter: exception.RetryAfter ?? TimeSpan.FromSeconds(1));

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Batch of {Count} readings: {Created} created, {Failed} failed")]
    private partial void LogBatch(int count, int created, int failed);
}
