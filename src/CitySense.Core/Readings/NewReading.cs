using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>A checked reading on its way into a sensor's history (and, when it is the newest, into "latest").</summary>
public sealed record NewReading
{
    public required string Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    public required string SortKey { get; init; }

    public required string IngestedBy { get; init; }

    /// <summary>The copy kept on the sensor when this reading becomes its latest.</summary>
    public LatestReading AsLatest() => new()
    {
        Id = Id,
        Timestamp = Timestamp,
        ReceivedAt = ReceivedAt,
        Payload = Payload,
        SortKey = SortKey,
        IngestedBy = IngestedBy,
    };

    /// <summary>The history entry, placed where <paramref name="sensor"/> is now.</summary>
    public Reading For(Sensor sensor)
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
