using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>A stored reading.</summary>
public sealed record Reading
{
    public required string Id { get; init; }

    public required SensorId SensorId { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required JsonElement Payload { get; init; }

    /// <summary>Where the sensor was when the reading arrived.</summary>
    public required Coordinates Coordinates { get; init; }

    /// <summary>Timestamp then id: the order of history and of "latest".</summary>
    public required string SortKey { get; init; }

    /// <summary>The caller id that ingested it (null for readings stored before callers were recorded).</summary>
    public string? IngestedBy { get; init; }
}
