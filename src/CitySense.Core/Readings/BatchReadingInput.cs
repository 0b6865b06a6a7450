using System.Text.Json;

namespace CitySense.Core.Readings;

/// <summary>One item of a batch: a reading and the sensor it belongs to.</summary>
public sealed record BatchReadingInput
{
    public string? SensorId { get; init; }

    public string? Id { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonElement? Payload { get; init; }
}
