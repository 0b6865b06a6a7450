using System.Text.Json;
using CitySense.Core.Readings;

namespace CitySense.Functions.Contracts;

/// <summary>Body of <c>POST /sensors/{sensorId}/readings</c>.</summary>
public sealed record IngestReadingRequest
{
    public string? Id { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonElement? Payload { get; init; }

    public ReadingDraft ToDraft() => new() { Id = Id, Timestamp = Timestamp, Payload = Payload };
}
