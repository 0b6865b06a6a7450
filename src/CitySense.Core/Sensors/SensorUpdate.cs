using System.Text.Json;

namespace CitySense.Core.Sensors;

/// <summary>
/// A proposed replacement of a sensor's coordinates, status and metadata, valid only while the sensor is at one of
/// <see cref="ExpectedVersions"/> (null: at any version).
/// </summary>
public sealed record SensorUpdate
{
    public CoordinatesInput? Coordinates { get; init; }

    public SensorStatus? Status { get; init; }

    public JsonElement? Metadata { get; init; }

    public IReadOnlyList<string>? ExpectedVersions { get; init; }
}
