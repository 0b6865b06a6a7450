using System.Text.Json;
using System.Text.Json.Serialization;

namespace CitySense.Functions.Contracts;

/// <summary>Body of the old system's <c>POST /v1/{sensorType}/{city}/{location}</c>; other fields are ignored, as they were.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record LegacyIngestRequest
{
    public JsonElement? Payload { get; init; }
}
