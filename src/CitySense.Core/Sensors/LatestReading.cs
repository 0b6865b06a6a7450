using System.Text.Json;
using CitySense.Core.Readings;

namespace CitySense.Core.Sensors;

/// <summary>The newest reading of a sensor, kept on the sensor so that "latest" is one point read.</summary>
public sealed record LatestReading
{
    public required string Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    /// <summary>Timestamp then id; orders readings, and decides which one is latest.</summary>
    public required string SortKey { get; init; }

    /// <summary>The caller id that ingested it.</summary>
    public string? IngestedBy { get; init; }

    /// <summary>The reading as history holds it, at the coordinates <paramref name="sensor"/> has now.</summary>
    public Reading ToReading(Sensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        return new Reading
        {
            Id = Id,
            SensorId = sensor.Id,
            Timestamp = Timestamp,
            ReceivedAt = ReceivedAt,
            Payload = Payload,
            Coordinates = sensor.Coordinates,
            SortKey = SortKey,
            IngestedBy = IngestedBy,
        };
    }
}
