using CitySense.Core.Access;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Core.Audit;

/// <summary>
/// The audit trail of registry changes. A change is recorded before it is made: <see cref="BeginAsync"/> writes a
/// pending record, the registry write follows, and <see cref="CommitAsync"/> or <see cref="AbandonAsync"/> settles it.
/// So no change can be observed without its record, whatever crashes between the writes; a record left pending is
/// settled when the trail is read — committed if the change was applied, rolled forward if the target still waits at
/// the change's start, abandoned (never listed) otherwise. This needs no transaction across documents.
/// </summary>
public sealed partial class AuditTrail(
    IAuditStore store,
    IEnumerable<IAuditedRegistry> registries,
    AccessPolicy access,
    TimeProvider clock,
    IOptions<AuditOptions> options,
    ILogger<AuditTrail> logger)
{
    public Task BeginAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return store.CreateAsync(record with { Status = AuditStatus.Pending }, cancellationToken);
    }

    public Task CommitAsync(AuditRecord record, CancellationToken cancellationToken) =>
        store.SetStatusAsync(record, AuditStatus.Committed, cancellationToken);

    public Task AbandonAsync(AuditRecord record, CancellationToken cancellationToken) =>
        store.SetStatusAsync(record, AuditStatus.Abandoned, cancellationToken);

    /// <summary>Settles a pending record: was its change applied, can it still be, or never?</summary>
    public async Task<AuditStatus> ResolveAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var registry = registries.Single(r => r.Target == record.Target);
        var status = await DecideAsync(registry, record, rollForward: true, cancellationToken);
        await store.SetStatusAsync(record, status, cancellationToken);
        if (status == AuditStatus.Committed)
        {
            LogSettled(record.Id, record.Target, record.TargetId);
        }

        return status;
    }

    /// <summary>The trail newest first, one page at a time: admins see all of it, operators their cities' sensors.</summary>
    public async Task<Outcome<Page<AuditRecord>>> ListAsync(Caller caller, AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(query);
        var filter = await FilterForAsync(caller, query, cancellationToken);
        if (!filter.Succeeded)
        {
            return filter.Problem;
        }

        var now = clock.GetUtcNow();
        var floorKey = SortKeys.StartOf(now - TimeSpan.FromDays(options.Value.RetentionDays));
        var fromKey = SortKeys.Max(query.From is { } from ? SortKeys.StartOf(from) : floorKey, floorKey);
        var toKey = SortKeys.EndOf(query.To ?? now);
        var before = toKey;
        if (query.Cursor is not null)
        {
            if (!CursorCodec.TryDecode<AuditCursor>(query.Cursor, out var cursor)
                || !SortKeys.TryReadTime(cursor.Before, out _) || !SortKeys.TryReadTime(cursor.From, out _))
            {
                return Problem.Validation("cursor", "is not a cursor returned by this listing");
            }

            if (cursor.City != query.City || cursor.SensorId != query.SensorId || cursor.CallerId != query.CallerId
                || (query.From is not null && cursor.From != fromKey) || (query.To is not null && cursor.To != toKey)
                || string.CompareOrdinal(cursor.Before, cursor.To) > 0)
            {
                return Problem.Validation("cursor", "belongs to a listing with other parameters; repeat the same query with the cursor");
            }

            (fromKey, toKey, before) = (cursor.From, cursor.To, cursor.Before);
        }

        var found = new List<AuditRecord>(query.Limit + 1);
        if (!SortKeys.TryReadTime(fromKey, out var fromTime) || !SortKeys.TryReadTime(before, out var beforeTime))
        {
            return new Page<AuditRecord>([], null);
        }

        var lowest = AuditMonth.For(fromTime);
        for (var month = AuditMonth.For(beforeTime < now ? beforeTime : now); !month.IsBefore(lowest) && found.Count <= query.Limit; month = month.Previous())
        {
            var monthBefore = before;
            while (found.Count <= query.Limit)
            {
                var take = query.Limit + 1 - found.Count;
                var page = await store.ListAsync(month, filter.Value, fromKey, monthBefore, take, cancellationToken);
                foreach (var record in page)
                {
                    if (record.Status == AuditStatus.Committed || await ResolveAsync(record, cancellationToken) == AuditStatus.Committed)
                    {
                        found.Add(record with { Status = AuditStatus.Committed });
                    }
                }

                if (page.Count < take)
                {
                    break;
                }

                monthBefore = page[^1].SortKey;
            }
        }

        var items = found.Take(query.Limit).ToList();
        var next = found.Count > query.Limit
            ? CursorCodec.Encode(new AuditCursor(items[^1].SortKey, fromKey, toKey, query.City, query.SensorId, query.CallerId))
            : null;
        return new Page<AuditRecord>(items, next);
    }

    private async Task<Outcome<AuditFilter>> FilterForAsync(Caller caller, AuditQuery query, CancellationToken cancellationToken)
    {
        if (caller.Product == CallerProduct.Admin)
        {
            return new AuditFilter(query.City, query.SensorId, query.CallerId);
        }

        if (caller.Product != CallerProduct.Operator)
        {
            return AccessProblems.AuditForOperatorsAndAdmins(caller.Product);
        }

        var granted = await access.ForCallerIdsAsync(caller, cancellationToken);
        var city = query.City ?? (SensorId.TryParse(query.SensorId, out var sensor) ? sensor.City : null);
        if (city is not null && !granted.Allows(city))
        {
            return AccessProblems.CityNotGranted(city);
        }

        return new AuditFilter(query.City, query.SensorId, query.CallerId, [.. granted.Cities]);
    }

    private async Task<AuditStatus> DecideAsync(IAuditedRegistry registry, AuditRecord record, bool rollForward, CancellationToken cancellationToken)
    {
        var state = await registry.StateAsync(record.TargetId, cancellationToken);
        var sameLife = state is not null && state.Incarnation == record.Incarnation;
        if (record.NewVersion is { } newVersion && sameLife && state!.Version == newVersion)
        {
            return AuditStatus.Committed;
        }

        if (record.Operation == AuditOperation.Deleted && !sameLife)
        {
            // The life the record deleted is gone.
            return AuditStatus.Committed;
        }

        if (record.NewVersion is { } result && await store.FindChangeFromAsync(record.Target, record.TargetId, result, cancellationToken) is not null)
        {
            // A later change started from this one's result.
            return AuditStatus.Committed;
        }

        var atStart = record.Operation == AuditOperation.Created ? state is null : sameLife && state!.Version == record.OldVersion;
        if (!atStart || !rollForward)
        {
            return AuditStatus.Abandoned;
        }

        await registry.RollForwardAsync(record, cancellationToken);
        return await DecideAsync(registry, record, rollForward: false, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit record {AuditId} of {Target} {TargetId} was settled on read")]
    private partial void LogSettled(string auditId, AuditTarget target, string targetId);
}
