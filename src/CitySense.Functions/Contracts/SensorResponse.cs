using System.Text.Json;
using System.Text.Json.Serialization;
using CitySense.Core.Access;
using CitySense.Core.Sensors;
using CitySense.Functions.Http;

namespace CitySense.Functions.Contracts;

/// <summary>A sensor as the API returns it.</summary>
public sealed record SensorResponse
{
    public required string Id { get; init; }

    public required string City { get; init; }

    public required string Location { get; init; }

    public required string Type { get; init; }

    public required Coordinates Coordinates { get; init; }

    public required SensorStatus Status { get; init; }

    public JsonElement? Metadata { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LatestReadingAt { get; init; }

    public double? DistanceMeters { get; init; }

    /// <summary>Caller ids: shown to admins and to operators of the sensor's city only.</summary>
    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    /// <summary>
    /// The ETag header's value, also in the body: clients that return only bodies (generated ones, list items) can send
    /// it in If-Match.
    /// </summary>
    [JsonPropertyName("etag")]
    public required string ETag { get; init; }

    public static SensorResponse From(Sensor sensor, CityAccess visible, double? distanceMeters = null) => new()
    {
        Id = sensor.Id.ToString(),
        City = sensor.Id.City,
        Location = sensor.Id.Location,
        Type = sensor.Id.Type,
        Coordinates = sensor.Coordinates,
        Status = sensor.Status,
        Metadata = sensor.Metadata is { ValueKind: JsonValueKind.Object } metadata && metadata.EnumerateObject().Any()
            ? metadata
            : null,
        CreatedAt = sensor.CreatedAt,
        UpdatedAt = sensor.UpdatedAt,
        LatestReadingAt = sensor.LatestReadingAt ?? sensor.Latest?.Timestamp,
        DistanceMeters = distanceMeters,
        CreatedBy = Visible(sensor.CreatedBy, sensor, visible),
        UpdatedBy = Visible(sensor.UpdatedBy, sensor, visible),
        ETag = ETags.For(sensor),
    };

    private static string? Visible(string callerId, Sensor sensor, CityAccess visible)
    {
        ArgumentNullException.ThrowIfNull(visible);
        return callerId.Length > 0 && visible.Allows(sensor.Id.City) ? callerId : null;
    }
}
