using System.Text.Json;

namespace CitySense.Core.Readings;

/// <summary>Body of <c>POST /sensors/{sensorId}/readings</c>.</summary>
public sealed record IngestReadingRequest
{
    public string? Id { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonElement? Payload { get; init; }
}
