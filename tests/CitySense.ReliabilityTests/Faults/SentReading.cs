using System.Text.Json.Nodes;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>A reading a client sent with an id of its own, so it can retry it safely.</summary>
public sealed record SentReading(string SensorId, string Id, DateTimeOffset Timestamp, JsonObject Payload)
{
    /// <summary>The body of <c>POST /sensors/{sensorId}/readings</c>.</summary>
    public JsonObject Body => new() { ["id"] = Id, ["timestamp"] = Timestamp.ToString("O"), ["payload"] = Payload.DeepClone() };

    /// <summary>The item of <c>POST /readings</c>.</summary>
    public JsonObject BatchItem => new()
    {
        ["sensorId"] = SensorId, ["id"] = Id, ["timestamp"] = Timestamp.ToString("O"), ["payload"] = Payload.DeepClone(),
    };
}
