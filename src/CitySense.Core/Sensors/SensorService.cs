using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Geo;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Validation;
using Microsoft.Extensions.Logging;

namespace CitySense.Core.Sensors;

/// <summary>The sensor registry: registration, lookup, listing, changes and removal.</summary>
public sealed partial class SensorService(ISensorStore store, TimeProvider clock, ILogger<SensorService> logger)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public async Task<Outcome<Sensor>> CreateAsync(CreateSensorRequest? request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request is null)
        {
            errors.Add("body", "is required");
            return errors.ToProblem();
        }

        CheckSlug(request.City, "city", errors);
        CheckSlug(request.Location, "location", errors);
        CheckSlug(request.Type, "type", errors);
        var coordinates = CoordinateRules.Check(request.Coordinates, "coordinates", errors);
        var metadata = CheckMetadata(request.Metadata, errors);
        if (errors.Any || coordinates is null)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow();
        var sensor = new Sensor
        {
            Id = new SensorId(request.City!, request.Location!, request.Type!),
            Coordinates = coordinates,
            Status = request.Status ?? SensorStatus.Active,
            Metadata = metadata,
            Version = NewToken(),
            Incarnation = NewToken(),
            CreatedAt = now,
            UpdatedAt = now,
        };

        if (!await store.TryCreateAsync(sensor, cancellationToken))
        {
            return new Problem(
                ProblemKind.SensorExists,
                "The sensor already exists.",
                $"A sensor with id '{sensor.Id}' is already registered; change it with PUT /sensors/{sensor.Id}.");
        }

        LogRegistered(sensor.Id);
        return sensor;
    }

    public async Task<Outcome<Sensor>> GetAsync(string? sensorId, CancellationToken cancellationToken)
    {
        if (!SensorId.TryParse(sensorId, out var id))
        {
            return Problem.Validation("sensorId", SensorId.Rule);
        }

        var sensor = await store.FindAsync(id, cancellationToken);
        return sensor is null ? UnknownSensor(id) : sensor;
    }

    public async Task<Outcome<Page<SensorListItem>>> ListAsync(SensorListQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var status = ReadFilters(query.City, query.Type, query.Status, errors);
        var limit = PageSize.Read(query.Limit, ApiLimits.DefaultSensorPageSize, ApiLimits.MaxSensorPageSize, errors);
        Coordinates? near = null;
        var radius = GeoQuery.DefaultRadiusMeters;
        BoundingBox? box = null;
        if (query.Near is not null && query.Bbox is not null)
        {
            errors.Add("bbox", "cannot be combined with 'near'");
        }
        else if (query.Near is not null)
        {
            near = GeoQuery.ReadNear(query.Near, errors);
            radius = GeoQuery.ReadRadius(query.Radius, errors);
        }
        else if (query.Bbox is not null)
        {
            box = GeoQuery.ReadBox(query.Bbox, errors);
        }

        if (query.Radius is not null && query.Near is null)
        {
            errors.Add("radius", "needs 'near'");
        }

        SensorListCursor? cursor = null;
        if (query.Cursor is not null)
        {
            if (!CursorCodec.TryDecode(query.Cursor, out cursor) || !SensorId.TryParse(cursor.After, out _)
                || (query.Near is not null) != (cursor.Distance is not null))
            {
                errors.Add("cursor", "is not a cursor returned by this listing");
            }
            else if (cursor.City != query.City || cursor.Type != query.Type || cursor.Status != query.Status
                     || cursor.Near != query.Near || cursor.Radius != query.Radius || cursor.Bbox != query.Bbox)
            {
                errors.Add("cursor", "belongs to a listing with other parameters; repeat the same query with the cursor");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var filter = new SensorFilter(query.City, query.Type, status, box);
        string NextCursor(string after, double? distance) => CursorCodec.Encode(
            new SensorListCursor(after, query.City, query.Type, query.Status, query.Near, query.Radius, query.Bbox, distance));

        if (near is not null)
        {
            var candidates = await store.ListNearAsync(
                near, NearPaging.InnerRadius(cursor?.Distance), NearPaging.OuterRadius(radius), filter, withLatest: false, cancellationToken);
            var found = NearPaging.Page(candidates, near, radius, cursor?.Distance, cursor?.After, limit + 1);
            var page = found.Take(limit).Select(f => new SensorListItem(f.Item, f.DistanceMeters)).ToList();
            var next = found.Count > limit ? NextCursor(page[^1].Sensor.Id.ToString(), page[^1].DistanceMeters) : null;
            return new Page<SensorListItem>(page, next);
        }

        var sensors = await store.ListAsync(filter, cursor?.After, limit + 1, cancellationToken);
        var items = sensors.Take(limit).Select(sensor => new SensorListItem(sensor)).ToList();
        return new Page<SensorListItem>(items, sensors.Count > limit ? NextCursor(items[^1].Sensor.Id.ToString(), null) : null);
    }

    /// <summary>Checks the city, type and status filters shared by the listings.</summary>
    public static SensorStatus? ReadFilters(string? city, string? type, string? status, ValidationErrors errors)
    {
        if (city is not null)
        {
            CheckSlug(city, "city", errors);
        }

        if (type is not null)
        {
            CheckSlug(type, "type", errors);
        }

        switch (status)
        {
            case null:
                return null;
            case "active":
                return SensorStatus.Active;
            case "inactive":
                return SensorStatus.Inactive;
            default:
                errors.Add("status", "must be 'active' or 'inactive'");
                return null;
        }
    }

    public async Task<Outcome<Sensor>> UpdateAsync(
        string? sensorId,
        UpdateSensorRequest? request,
        string? ifMatch,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!SensorId.TryParse(sensorId, out var id))
        {
            errors.Add("sensorId", SensorId.Rule);
        }

        if (request is null)
        {
            errors.Add("body", "is required");
            return errors.ToProblem();
        }

        var coordinates = CoordinateRules.Check(request.Coordinates, "coordinates", errors);
        if (request.Status is null)
        {
            errors.Add("status", "is required ('active' or 'inactive')");
        }

        var metadata = CheckMetadata(request.Metadata, errors);
        if (errors.Any || coordinates is null || request.Status is null)
        {
            return errors.ToProblem();
        }

        List<string>? expected = null;
        if (ETags.TryGetRequiredVersions(ifMatch, out var versions))
        {
            // Only versions this service could have issued can match; anything else is stale by definition.
            expected = versions.Where(IsToken).ToList();
            if (expected.Count == 0)
            {
                return StaleETag(id);
            }
        }

        var changes = new SensorChanges(coordinates, request.Status.Value, metadata, NewToken(), clock.GetUtcNow());
        var write = await store.UpdateAsync(id, changes, expected, cancellationToken);
        switch (write.Status)
        {
            case StoreWriteStatus.NotFound:
                return UnknownSensor(id);
            case StoreWriteStatus.ConditionFailed:
                return StaleETag(id);
            default:
                LogUpdated(id, write.Sensor!.Status);
                return write.Sensor;
        }
    }

    public async Task<Outcome<SensorId>> DeleteAsync(string? sensorId, CancellationToken cancellationToken)
    {
        if (!SensorId.TryParse(sensorId, out var id))
        {
            return Problem.Validation("sensorId", SensorId.Rule);
        }

        if (!await store.DeleteAsync(id, cancellationToken))
        {
            return UnknownSensor(id);
        }

        LogDeleted(id);
        return id;
    }

    public static Problem UnknownSensor(SensorId id) => Problem.NotFound($"No sensor with id '{id}' is registered.");

    private static Problem StaleETag(SensorId id) => new(
        ProblemKind.PreconditionFailed,
        "The sensor has changed.",
        $"If-Match does not match the current ETag of sensor '{id}'; GET it again and retry with the new ETag.");

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
