using System.Text.Json;
using CitySense.Core.Readings;

namespace CitySense.Functions.Contracts;

/// <summary>One item of a batch: a reading and the sensor it belongs to.</summary>
public sealed record BatchReadingInput
{
    public string? SensorId { get; init; }

    public string? Id { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonElement? Payload { get; init; }

    public BatchItem ToItem() => new(SensorId, new ReadingDraft { Id = Id, Timestamp = Timestamp, Payload = Payload });
}
