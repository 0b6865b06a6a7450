using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Benchmarks.Handlers;

/// <summary>The same response shape as CitySense's ReadingResponse, for the raw minimal-API handlers.</summary>
public sealed record RawReadingResponse(
    string Id,
    string SensorId,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    JsonElement Payload,
    Coordinates Coordinates);
