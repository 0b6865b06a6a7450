using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Cosmos.Documents;

/// <summary>A sensor in the "sensors" container (partition key /id); id is the sensor id.</summary>
internal sealed record SensorDocument
{
    public required string Id { get; init; }

    public required string City { get; init; }

    public required string Location { get; init; }

    public required string Type { get; init; }

    public required GeoJsonPoint Coordinates { get; init; }

    public required SensorStatus Status { get; init; }

    public JsonElement? Metadata { get; init; }

    public required string Version { get; init; }

    public required string Incarnation { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Caller ids; sensors stored before callers were recorded have none.</summary>
    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    public LatestDocument? Latest { get; init; }

    /// <summary>Filled by listing queries, which leave out the latest payload.</summary>
    public DateTimeOffset? LatestTimestamp { get; init; }

    /// <summary>
    /// Months that may hold readings, as an object (<c>{"2026-11": true}</c>) so that recording one is an idempotent
    /// patch of one path. Written empty at registration (a patch needs the parent object); not indexed.
    /// </summary>
    public Dictionary<string, bool>? ReadingMonths { get; init; }

    public static SensorDocument From(Sensor sensor) => new()
    {
        Id = sensor.Id.ToString(),
        City = sensor.Id.City,
        Location = sensor.Id.Location,
        Type = sensor.Id.Type,
        Coordinates = GeoJsonPoint.From(sensor.Coordinates),
        Status = sensor.Status,
        Metadata = sensor.Metadata,
        Version = sensor.Version,
        Incarnation = sensor.Incarnation,
        CreatedAt = sensor.CreatedAt,
        UpdatedAt = sensor.UpdatedAt,
        CreatedBy = sensor.CreatedBy,
        UpdatedBy = sensor.UpdatedBy,
        Latest = sensor.Latest is null ? null : LatestDocument.From(sensor.Latest),
        ReadingMonths = (sensor.ReadingMonths ?? new HashSet<string>()).ToDictionary(month => month, _ => true, StringComparer.Ordinal),
    };

    public Sensor ToSensor() => new()
    {
        Id = new SensorId(City, Location, Type),
        Coordinates = Coordinates.ToCoordinates(),
        Status = Status,
        Metadata = Metadata,
        Version = Version,
        Incarnation = Incarnation,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        CreatedBy = CreatedBy ?? string.Empty,
        UpdatedBy = UpdatedBy ?? string.Empty,
        Latest = Latest?.ToLatest(),
        LatestReadingAt = Latest?.Timestamp ?? LatestTimestamp,
        ReadingMonths = ReadingMonths?.Keys.ToHashSet(StringComparer.Ordinal),
    };
}
