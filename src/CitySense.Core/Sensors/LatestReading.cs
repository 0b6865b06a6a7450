using System.Text.Json;

namespace CitySense.Core.Sensors;

/// <summary>The newest reading of a sensor, kept on the sensor so that "latest" is one point read.</summary>
public sealed record LatestReading
{
    public required string Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    /// <summary>Timestamp then id; orders readings, and decides which one is latest.</summary>
    public required string SortKey { get; init; }
}
