using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Access;
using CitySense.Core.Audit;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Validation;
using Microsoft.Extensions.Logging;

namespace CitySense.Core.Sensors;

/// <summary>
/// The sensor registry: registration, lookup, listing by filter, changes and removal. Every change is authorised for
/// its city (<see cref="AccessPolicy"/>) and recorded in the audit trail before it is made (<see cref="AuditTrail"/>).
/// </summary>
public sealed partial class SensorService(
    ISensorStore store,
    AccessPolicy access,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<SensorService> logger)
{
    private const int DeleteAttempts = 3;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public async Task<Outcome<Sensor>> CreateAsync(Caller caller, SensorRegistration? registration, CancellationToken cancellationToken)
    {
        var writes = await access.ForWritesAsync(caller, cancellationToken);
        if (!writes.Succeeded)
        {
            return writes.Problem;
        }

        var errors = new ValidationErrors();
        if (registration is null)
        {
            errors.Add("body", "is required");
            return errors.ToProblem();
        }

        CheckSlug(registration.City, "city", errors);
        CheckSlug(registration.Location, "location", errors);
        CheckSlug(registration.Type, "type", errors);
        var coordinates = CoordinateRules.Check(registration.Coordinates, "coordinates", errors);
        var metadata = CheckMetadata(registration.Metadata, errors);
        if (errors.Any || coordinates is null)
        {
            return errors.ToProblem();
        }

        if (writes.Value.Check(registration.City!) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var sensor = new Sensor
        {
            Id = new SensorId(registration.City!, registration.Location!, registration.Type!),
            Coordinates = coordinates,
            Status = registration.Status ?? SensorStatus.Active,
            Metadata = metadata,
            Version = NewToken(),
            Incarnation = NewToken(),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = caller.Id,
            UpdatedBy = caller.Id,
            ReadingMonths = new HashSet<string>(),
        };

        var record = Record(caller, AuditOperation.Created, sensor.Id, sensor.Incarnation, null, SensorAuditState.Of(sensor), null, sensor.Version, now);
        await audit.BeginAsync(record, cancellationToken);
        if (await store.TryCreateAsync(sensor, cancellationToken) || await audit.ResolveAsync(record, cancellationToken) == AuditStatus.Committed)
        {
            await audit.CommitAsync(record, cancellationToken);
            LogRegistered(sensor.Id, caller.Id);
            return sensor;
        }

        return SensorProblems.Exists(sensor.Id);
    }

    public async Task<Outcome<Sensor>> GetAsync(SensorId id, CancellationToken cancellationToken)
    {
        var sensor = await store.FindAsync(id, cancellationToken);
        return sensor is null ? SensorProblems.Unknown(id) : sensor;
    }

    /// <summary>Sensors in id order, one page at a time; keyset paging, so new sensors never shift a page.</summary>
    public async Task<Outcome<Page<Sensor>>> ListAsync(SensorListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        SensorListCursor? cursor = null;
        if (query.Cursor is not null)
        {
            if (!CursorCodec.TryDecode(query.Cursor, out cursor) || !SensorId.TryParse(cursor.After, out _))
            {
                return Problem.Validation("cursor", "is not a cursor returned by this listing");
            }

            if (!cursor.Matches(query.Filter))
            {
                return Problem.Validation("cursor", "belongs to a listing with other parameters; repeat the same query with the cursor");
            }
        }

        var filter = query.Filter;
        var sensors = await store.ListAsync(filter, cursor?.After, query.Limit + 1, cancellationToken);
        var items = sensors.Take(query.Limit).ToList();
        var next = sensors.Count > query.Limit
            ? CursorCodec.Encode(new SensorListCursor(items[^1].Id.ToString(), filter.City, filter.Type, filter.Status, filter.Box))
            : null;
        return new Page<Sensor>(items, next);
    }

    public async Task<Outcome<Sensor>> UpdateAsync(Caller caller, SensorId id, SensorUpdate? update, CancellationToken cancellationToken)
    {
        var writes = await access.ForWritesAsync(caller, cancellationToken);
        if (!writes.Succeeded)
        {
            return writes.Problem;
        }

        var errors = new ValidationErrors();
        if (update is null)
        {
            errors.Add("body", "is required");
            return errors.ToProblem();
        }

        var coordinates = CoordinateRules.Check(update.Coordinates, "coordinates", errors);
        if (update.Status is null)
        {
            errors.Add("status", "is required ('active' or 'inactive')");
        }

        var metadata = CheckMetadata(update.Metadata, errors);
        if (errors.Any || coordinates is null || update.Status is null)
        {
            return errors.ToProblem();
        }

        if (writes.Value.Check(id.City) is { } refused)
        {
            return refused;
        }

        // Only versions this service could have issued can match; anything else is stale by definition.
        var expected = update.ExpectedVersions?.Where(IsToken).ToList();
        if (expected is { Count: 0 })
        {
            return SensorProblems.Changed(id);
        }

        var current = await store.FindAsync(id, cancellationToken);
        if (current is null)
        {
            return SensorProblems.Unknown(id);
        }

        if (expected is not null && !expected.Contains(current.Version))
        {
            return SensorProblems.Changed(id);
        }

        var now = clock.GetUtcNow();
        var changes = new SensorChanges(coordinates, update.Status.Value, metadata, NewToken(), now, caller.Id);
        var record = Record(
            caller,
            AuditOperation.Updated,
            id,
            current.Incarnation,
            SensorAuditState.Of(current),
            SensorAuditState.Of(coordinates, changes.Status, metadata),
            current.Version,
            changes.NewVersion,
            now);
        await audit.BeginAsync(record, cancellationToken);
        var write = await store.UpdateAsync(id, changes, [current.Version], cancellationToken);
        if (write.Status == StoreWriteStatus.Written)
        {
            await audit.CommitAsync(record, cancellationToken);
            LogUpdated(id, write.Sensor!.Status, caller.Id);
            return write.Sensor;
        }

        // Changed or removed since it was read — unless the trail finished this very change meanwhile.
        if (await audit.ResolveAsync(record, cancellationToken) == AuditStatus.Committed
            && await store.FindAsync(id, cancellationToken) is { } finished && finished.Version == changes.NewVersion)
        {
            return finished;
        }

        return write.Status == StoreWriteStatus.NotFound ? SensorProblems.Unknown(id) : SensorProblems.Changed(id);
    }

    public async Task<Outcome<SensorId>> DeleteAsync(Caller caller, SensorId id, CancellationToken cancellationToken)
    {
        var writes = await access.ForWritesAsync(caller, cancellationToken);
        if (!writes.Succeeded)
        {
            return writes.Problem;
        }

        if (writes.Value.Check(id.City) is { } refused)
        {
            return refused;
        }

        // A delete has no If-Match: a change between the read and the delete is retried a few times.
        for (var attempt = 0; attempt < DeleteAttempts; attempt++)
        {
            var current = await store.FindAsync(id, cancellationToken);
            if (current is null)
            {
                return SensorProblems.Unknown(id);
            }

            var record = Record(
                caller, AuditOperation.Deleted, id, current.Incarnation, SensorAuditState.Of(current), null, current.Version, null, clock.GetUtcNow());
            await audit.BeginAsync(record, cancellationToken);
            var deleted = await store.DeleteAsync(id, current.Version, cancellationToken);
            if (deleted == StoreWriteStatus.Written)
            {
                await audit.CommitAsync(record, cancellationToken);
                LogDeleted(id, caller.Id);
                return id;
            }

            // Gone meanwhile (by this change, finished by the trail, or by another delete): gone is what was asked.
            if (await audit.ResolveAsync(record, cancellationToken) == AuditStatus.Committed)
            {
                return id;
            }
        }

        return SensorProblems.Changed(id);
    }

    private static AuditRecord Record(
        Caller caller,
        AuditOperation operation,
        SensorId id,
        string incarnation,
        JsonElement? before,
        JsonElement? after,
        string? oldVersion,
        string? newVersion,
        DateTimeOffset time) =>
        AuditRecord.Pending(caller, AuditTarget.Sensor, id.ToString(), id.City, operation, incarnation, (before, after), (oldVersion, newVersion), time);

    private static void CheckSlug(string? value, string field, ValidationErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, "is required");
        }
        else if (!Slug.IsValid(value))
        {
            errors.Add(field, Slug.Rule);
        }
    }

    private static JsonElement CheckMetadata(JsonElement? metadata, ValidationErrors errors)
    {
        if (metadata is not { ValueKind: not JsonValueKind.Null } value)
        {
            return EmptyObject;
        }

        JsonValueRules.CheckObject(
            value,
            "metadata",
            ApiLimits.MaxMetadataBytes,
            ApiLimits.MaxMetadataProperties,
            ApiLimits.MaxPayloadDepth,
            requireProperties: false,
            errors);
        return value;
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static bool IsToken(string value) => value.Length == 16 && value.All(char.IsAsciiHexDigitLower);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered sensor {SensorId} for {CallerId}")]
    private partial void LogRegistered(SensorId sensorId, string callerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated sensor {SensorId}, now {Status}, for {CallerId}")]
    private partial void LogUpdated(SensorId sensorId, SensorStatus status, string callerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted sensor {SensorId} for {CallerId}")]
    private partial void LogDeleted(SensorId sensorId, string callerId);
}
