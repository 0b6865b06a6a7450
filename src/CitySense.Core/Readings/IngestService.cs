using System.Text.Json;
using CitySense.Core.Access;
using CitySense.Core.Aggregates;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Readings;

/// <summary>
/// Stores readings, one at a time or in batches, and keeps each sensor's latest reading right. Every ingest is safe
/// to retry with the same reading id.
/// </summary>
public sealed partial class IngestService(
    AccessPolicy access,
    ISensorStore sensors,
    IReadingStore readings,
    IAggregateStore aggregates,
    IReadingEventPublisher events,
    HistoryReader history,
    TimeProvider clock,
    IOptions<ReadingOptions> options,
    ILogger<IngestService> logger)
{
    /// <summary>The 503 detail when the reading was stored but its event (webhook delivery) could not be queued.</summary>
    public const string NotQueuedDetail =
        "The reading was stored but its event could not be queued; retry the request: retries are safe (the same reading id is stored once and queued again).";

    /// <summary>How many store calls a batch keeps in flight: parallel enough to hide latency, gentle on RU/s.</summary>
    public const int BatchParallelism = 16;

    /// <summary>
    /// Stores a reading and moves the sensor's latest reading forward when it is newer. Costs two store operations
    /// when the reading is the newest (the usual case), three when it is older than the latest, one more when it is
    /// late enough to land in a closed aggregate bucket (<see cref="IsLate"/>), and one more the first time an older
    /// reading lands in a month the sensor has no reading in (the month is recorded for history).
    /// </summary>
    public async Task<Outcome<IngestResult>> IngestAsync(Caller caller, SensorId id, ReadingDraft? draft, CancellationToken cancellationToken)
    {
        var writes = await access.ForWritesAsync(caller, cancellationToken);
        if (!writes.Succeeded)
        {
            return writes.Problem;
        }

        var errors = new ValidationErrors();
        var reading = ReadingDraftRules.Check(caller, draft, clock.GetUtcNow(), options.Value.RetentionDays, errors);
        if (errors.Any || reading is null)
        {
            return errors.ToProblem();
        }

        if (writes.Value.Check(id.City) is { } refused)
        {
            return refused;
        }

        var target = await PrepareAsync(id, reading, [ReadingBucket.MonthKeyOf(reading.Timestamp)], cancellationToken);
        if (!target.Succeeded)
        {
            return target.Problem;
        }

        var result = await CreateAsync(target.Value, reading, cancellationToken);
        if (IsLate(reading))
        {
            // After the create, also when it was a duplicate: a retry must finish what a failed attempt began.
            await aggregates.MarkChangedAsync(Bucket(target.Value.Sensor, reading), cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Stores up to 500 readings of any sensors. Each item gets its own result, in input order; items that repeat an
    /// earlier item's (sensor, id) are duplicates of it. Per sensor, "latest" is moved once, by the newest item,
    /// so the outcome does not depend on item order; then the readings are created in parallel.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<BatchItemOutcome>>> IngestBatchAsync(
        Caller caller,
        IReadOnlyList<BatchItem?>? items,
        CancellationToken cancellationToken)
    {
        var writes = await access.ForWritesAsync(caller, cancellationToken);
        if (!writes.Succeeded)
        {
            return writes.Problem;
        }

        if (items is null || items.Count == 0)
        {
            return Problem.Validation("readings", $"must be an array of 1 to {ApiLimits.MaxBatchItems} readings");
        }

        if (items.Count > ApiLimits.MaxBatchItems)
        {
            return Problem.Validation("readings", $"must have at most {ApiLimits.MaxBatchItems} items (had {items.Count})");
        }

        var outcomes = new BatchItemOutcome?[items.Count];
        var accepted = new List<(int Index, SensorId Sensor, NewReading Reading)>();
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

            var reading = ReadingDraftRules.Check(caller, item?.Reading, clock.GetUtcNow(), options.Value.RetentionDays, errors);
            if (errors.Any || reading is null)
            {
                outcomes[index] = new BatchItemOutcome(index, item?.SensorId, null, errors.ToProblem());
            }
            else if (writes.Value.Check(sensorId.City) is { } refused)
            {
                // Only the items of cities the caller may not write in fail; the others are stored.
                outcomes[index] = new BatchItemOutcome(index, item!.SensorId, null, refused);
            }
            else if (item!.Reading.Id is { } clientId && firstIndex.TryGetValue((sensorId, clientId), out var first))
            {
                repeats.Add((index, first));
            }
            else
            {
                if (item.Reading.Id is { } newId)
                {
                    firstIndex[(sensorId, newId)] = index;
                }

                accepted.Add((index, sensorId, reading));
            }
        }

        // The whole batch shares one budget: items whose store work is not done in time fail on their own with a 503
        // problem (safe to send again), and the request ends well inside the host's timeout.
        using var budget = new WorkBudget(TimeSpan.FromSeconds(options.Value.RequestBudgetSeconds), clock, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken };
        var targets = new Dictionary<SensorId, Outcome<IngestTarget>>();
        await Parallel.ForEachAsync(accepted.GroupBy(item => item.Sensor), parallel, async (group, _) =>
        {
            var newest = group.MaxBy(item => item.Reading.SortKey, StringComparer.Ordinal).Reading;
            var months = group.Select(item => ReadingBucket.MonthKeyOf(item.Reading.Timestamp)).Distinct(StringComparer.Ordinal).ToList();
            var target = await BatchAttempts.RunAsync(budget, () => PrepareAsync(group.Key, newest, months, budget.Token));
            lock (targets)
            {
                targets[group.Key] = target;
            }
        });

        await Parallel.ForEachAsync(accepted, parallel, async (item, _) =>
        {
            var target = targets[item.Sensor];
            outcomes[item.Index] = target.Succeeded
                ? await BatchAttempts.RunItemAsync(budget, item.Index, item.Sensor, () => CreateAsync(target.Value, item.Reading, budget.Token))
                : new BatchItemOutcome(item.Index, item.Sensor.ToString(), null, target.Problem);
        });

        // Late readings renew their month's aggregate revision once per month, after every create of the batch.
        var lateMonths = accepted
            .Where(item => IsLate(item.Reading) && targets[item.Sensor].Succeeded && outcomes[item.Index]!.Result is not null)
            .Select(item => Bucket(targets[item.Sensor].Value!.Sensor, item.Reading))
            .Distinct()
            .ToList();
        await Parallel.ForEachAsync(lateMonths, parallel, async (month, _) =>
        {
            var marked = await BatchAttempts.RunAsync(budget, async () =>
            {
                await aggregates.MarkChangedAsync(month, budget.Token);
                return (Outcome<bool>)true;
            });
            if (!marked.Succeeded)
            {
                foreach (var item in accepted.Where(item => outcomes[item.Index]!.Result is not null && IsLate(item.Reading)
                             && Bucket(targets[item.Sensor].Value!.Sensor, item.Reading) == month))
                {
                    outcomes[item.Index] = new BatchItemOutcome(item.Index, item.Sensor.ToString(), null, marked.Problem);
                }
            }
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

    /// <summary>
    /// Whether a reading may land in an aggregate bucket that is already closed: dated more than half the settle time
    /// before it arrived (see <see cref="ReadingOptions.AggregateSettleSeconds"/>).
    /// </summary>
    private bool IsLate(NewReading reading) =>
        reading.Timestamp < reading.ReceivedAt - TimeSpan.FromSeconds(options.Value.AggregateSettleSeconds / 2.0);

    private static ReadingBucket Bucket(Sensor sensor, NewReading reading) => ReadingBucket.For(sensor.Id, sensor.Incarnation, reading.Timestamp);

    /// <summary>
    /// Latest first: one conditional write both checks that the sensor exists and is active and moves "latest"
    /// forward only in time, so ingest in order costs two operations and late readings never replace newer ones.
    /// <paramref name="newest"/> is the newest reading about to be stored for the sensor, <paramref name="months"/>
    /// the months of all of them: each is recorded on the sensor before any reading is stored in it, so history never
    /// skips a month that holds readings (the write that moves "latest" records its own month).
    /// </summary>
    private async Task<Outcome<IngestTarget>> PrepareAsync(
        SensorId id, NewReading newest, IReadOnlyCollection<string> months, CancellationToken cancellationToken)
    {
        var advance = await sensors.TryAdvanceLatestAsync(id, newest.AsLatest(), cancellationToken);
        Sensor sensor;
        string? advancedTo = null;
        switch (advance.Status)
        {
            case StoreWriteStatus.NotFound:
                return SensorProblems.Unknown(id);
            case StoreWriteStatus.Written:
                sensor = advance.Sensor!;
                advancedTo = newest.Id;
                break;
            default:
                var found = await sensors.FindAsync(id, cancellationToken);
                if (found is null)
                {
                    return SensorProblems.Unknown(id);
                }

                if (found.Status != SensorStatus.Active)
                {
                    return SensorProblems.Inactive(id);
                }

                sensor = found;
                break;
        }

        var missing = sensor.ReadingMonths is { } known ? months.Where(month => !known.Contains(month)).ToList() : [];
        if (missing.Count > 0)
        {
            var recorded = await sensors.AddReadingMonthsAsync(id, missing, cancellationToken);
            if (recorded.Status != StoreWriteStatus.Written)
            {
                return SensorProblems.Unknown(id);
            }

            sensor = recorded.Sensor!;
        }

        return new IngestTarget(sensor, advancedTo);
    }

    private async Task<IngestResult> CreateAsync(IngestTarget target, NewReading candidate, CancellationToken cancellationToken)
    {
        var sensor = target.Sensor;
        var reading = candidate.For(sensor);
        var result = await readings.TryCreateAsync(reading, ReadingBucket.For(sensor.Id, sensor.Incarnation, reading.Timestamp), cancellationToken);

        // "latest" may hold a copy of this reading id that is not the stored one: from this attempt when the id was
        // reused with another timestamp or a parallel request stored it first, or from an earlier attempt whose create
        // failed after "latest" had moved (a retry then stores it with its own receivedAt). History is the truth.
        var latestCopy = target.AdvancedTo == candidate.Id ? candidate.AsLatest() : sensor.Latest;
        if (latestCopy?.Id == candidate.Id
            && (latestCopy.SortKey != result.Reading.SortKey || latestCopy.ReceivedAt != result.Reading.ReceivedAt))
        {
            await RepairLatestAsync(sensor, candidate.Id, cancellationToken);
        }

        // Only an announced reading is acknowledged: when this throws, the client's retry announces it again.
        try
        {
            await events.PublishAsync(result.Reading, cancellationToken);
        }
        catch (StoreUnavailableException ex) when (ex.Detail is null)
        {
            // The database took the reading: a 503 saying it is busy would send the client looking in the wrong place.
            throw new StoreUnavailableException(ex.Message, ex.RetryAfter, ex) { Detail = NotQueuedDetail };
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

    /// <summary>Puts the newest stored reading back into "latest", unless "latest" moved on meanwhile.</summary>
    private async Task RepairLatestAsync(Sensor sensor, string wrongLatestId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var newest = await history.FindNewestAsync(sensor, SortKeys.StartOf(now - TimeSpan.FromDays(options.Value.RetentionDays)), now, cancellationToken);
        var latest = newest is null
            ? null
            : new LatestReading
            {
                Id = newest.Id,
                Timestamp = newest.Timestamp,
                ReceivedAt = newest.ReceivedAt,
                Payload = newest.Payload,
                SortKey = newest.SortKey,
                IngestedBy = newest.IngestedBy,
            };
        await sensors.ReplaceLatestAsync(sensor.Id, latest, wrongLatestId, cancellationToken);
        LogLatestRepaired(sensor.Id, wrongLatestId);
    }

    /// <summary>The sensor a reading goes to, and the reading id that moved its latest reading, if any.</summary>
    private sealed record IngestTarget(Sensor Sensor, string? AdvancedTo);

    // Per reading: Debug, so a city's steady ingest does not become a log record per reading in Application Insights
    // (requests are traced per invocation anyway; batches log their summary at Information).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored reading {ReadingId} for {SensorId}")]
    private partial void LogStored(string readingId, SensorId sensorId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading {ReadingId} for {SensorId} was already stored")]
    private partial void LogDuplicate(string readingId, SensorId sensorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading id {ReadingId} of {SensorId} was reused with another timestamp; latest reading recomputed")]
    private partial void LogLatestRepaired(SensorId sensorId, string readingId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch of {Count} readings: {Created} created, {Failed} failed")]
    private partial void LogBatch(int count, int created, int failed);
}
