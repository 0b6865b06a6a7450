using System.Text.Json;

namespace CitySense.Core.Sensors;

/// <summary>A registered sensor as the application sees it.</summary>
public sealed record Sensor
{
    public required SensorId Id { get; init; }

    public required Coordinates Coordinates { get; init; }

    public required SensorStatus Status { get; init; }

    /// <summary>Free-form JSON object; empty when none was given.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Changes whenever the registration changes (not when readings arrive); the API's ETag.</summary>
    public required string Version { get; init; }

    /// <summary>Set once at registration: readings of an earlier sensor with the same id are never served.</summary>
    public required string Incarnation { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The caller id that registered the sensor.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>The caller id of the last registration change.</summary>
    public required string UpdatedBy { get; init; }

    /// <summary>The newest reading; null when there is none, or when a listing did not load it.</summary>
    public LatestReading? Latest { get; init; }

    /// <summary>Timestamp of the newest reading, also known to listings that do not load the reading itself.</summary>
    public DateTimeOffset? LatestReadingAt { get; init; }

    /// <summary>
    /// The months (<c>yyyy-MM</c>, UTC) that may hold readings of this incarnation: recorded before a reading of a new
    /// month is stored, so history reads only these months. Null when unknown (a listing did not load it): then every
    /// month is read.
    /// </summary>
    public IReadOnlySet<string>? ReadingMonths { get; init; }
}
