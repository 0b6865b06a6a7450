using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.Functions.Webhooks;

/// <summary>A stored reading as it travels through the webhook queues (camelCase JSON, at most ~17 KB: payloads are ≤ 16 KB).</summary>
public sealed record ReadingEventMessage
{
    public required string SensorId { get; init; }

    public required string Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    public required Coordinates Coordinates { get; init; }

    public required string SortKey { get; init; }

    public string? IngestedBy { get; init; }

    public static ReadingEventMessage From(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new ReadingEventMessage
        {
            SensorId = reading.SensorId.ToString(),
            Id = reading.Id,
            Timestamp = reading.Timestamp,
            ReceivedAt = reading.ReceivedAt,
            Payload = reading.Payload,
            Coordinates = reading.Coordinates,
            SortKey = reading.SortKey,
            IngestedBy = reading.IngestedBy,
        };
    }

    public Reading ToReading() => new()
    {
        SensorId = Core.Sensors.SensorId.TryParse(SensorId, out var id) ? id : throw new JsonException($"'{SensorId}' is not a sensor id."),
        Id = Id,
        Timestamp = Timestamp,
        ReceivedAt = ReceivedAt,
        Payload = Payload,
        Coordinates = Coordinates,
        SortKey = SortKey,
        IngestedBy = IngestedBy,
    };
}
