using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Validation;
using Microsoft.Extensions.Logging;

namespace CitySense.Core.Sensors;

/// <summary>The sensor registry: registration, lookup, listing by filter, changes and removal.</summary>
public sealed partial class SensorService(ISensorStore store, TimeProvider clock, ILogger<SensorService> logger)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public async Task<Outcome<Sensor>> CreateAsync(SensorRegistration? registration, CancellationToken cancellationToken)
    {
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
        };

        if (!await store.TryCreateAsync(sensor, cancellationToken))
        {
            return SensorProblems.Exists(sensor.Id);
        }

        LogRegistered(sensor.Id);
        return sensor;
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

    public async Task<Outcome<Sensor>> UpdateAsync(SensorId id, SensorUpdate? update, CancellationToken cancellationToken)
    {
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

        List<string>? expected = null;
        if (update.ExpectedVersions is { } versions)
        {
            // Only versions this service could have issued can match; anything else is stale by definition.
            expected = versions.Where(IsToken).ToList();
            if (expected.Count == 0)
            {
                return SensorProblems.Changed(id);
            }
        }

        var changes = new SensorChanges(coordinates, update.Status.Value, metadata, NewToken(), clock.GetUtcNow());
        var write = await store.UpdateAsync(id, changes, expected, cancellationToken);
        switch (write.Status)
        {
            case StoreWriteStatus.NotFound:
                return SensorProblems.Unknown(id);
            case StoreWriteStatus.ConditionFailed:
                return SensorProblems.Changed(id);
            default:
                LogUpdated(id, write.Sensor!.Status);
                return write.Sensor;
        }
    }

    public async Task<Outcome<SensorId>> DeleteAsync(SensorId id, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            return SensorProblems.Unknown(id);
        }

        LogDeleted(id);
        return id;
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered sensor {SensorId}")]
    private partial void LogRegistered(SensorId sensorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updated sensor {SensorId}, now {Status}")]
    private partial void LogUpdated(SensorId sensorId, SensorStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted sensor {SensorId}")]
    private partial void LogDeleted(SensorId sensorId);
}
