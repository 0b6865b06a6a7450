using System.Text.Json;
using CitySense.Core.Access;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.Functions.Contracts;

/// <summary>A reading as the API returns it.</summary>
public sealed record ReadingResponse
{
    public required string Id { get; init; }

    public required string SensorId { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    public required Coordinates Coordinates { get; init; }

    /// <summary>The caller id that ingested it: shown to admins and to operators of the sensor's city only.</summary>
    public string? IngestedBy { get; init; }

    public static ReadingResponse From(Reading reading, CityAccess? visible = null) => new()
    {
        Id = reading.Id,
        SensorId = reading.SensorId.ToString(),
        Timestamp = reading.Timestamp,
        ReceivedAt = reading.ReceivedAt,
        Payload = reading.Payload,
        Coordinates = reading.Coordinates,
        IngestedBy = visible is not null && visible.Allows(reading.SensorId.City) ? reading.IngestedBy : null,
    };
}
