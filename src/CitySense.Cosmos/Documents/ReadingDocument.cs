using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.Cosmos.Documents;

/// <summary>A reading in the "readings" container; partition key /pk is its <see cref="ReadingBucket"/>.</summary>
internal sealed record ReadingDocument
{
    public required string Id { get; init; }

    public required string Pk { get; init; }

    public required string SensorId { get; init; }

    public required string SortKey { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    public required GeoJsonPoint Coordinates { get; init; }

    public string? IngestedBy { get; init; }

    public static ReadingDocument From(Reading reading, ReadingBucket bucket) => new()
    {
        Id = reading.Id,
        Pk = bucket.Key,
        SensorId = reading.SensorId.ToString(),
        SortKey = reading.SortKey,
        Timestamp = reading.Timestamp,
        ReceivedAt = reading.ReceivedAt,
        Payload = reading.Payload,
        Coordinates = GeoJsonPoint.From(reading.Coordinates),
        IngestedBy = reading.IngestedBy,
    };

    public Reading ToReading()
    {
        if (!Core.Sensors.SensorId.TryParse(SensorId, out var sensorId))
        {
            throw new InvalidOperationException($"Stored reading {Id} has an invalid sensor id.");
        }

        return new Reading
        {
            Id = Id,
            SensorId = sensorId,
            Timestamp = Timestamp,
            ReceivedAt = ReceivedAt,
            Payload = Payload,
            Coordinates = Coordinates.ToCoordinates(),
            SortKey = SortKey,
            IngestedBy = IngestedBy,
        };
    }
}
