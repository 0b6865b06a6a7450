using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Functions.Contracts;

/// <summary>Body of <c>PUT /sensors/{sensorId}</c>: replaces coordinates, status and metadata.</summary>
public sealed record UpdateSensorRequest
{
    public CoordinatesInput? Coordinates { get; init; }

    public SensorStatus? Status { get; init; }

    public JsonElement? Metadata { get; init; }

    /// <summary>The update, valid only at <paramref name="expectedVersions"/> (from If-Match; null: any version).</summary>
    public SensorUpdate ToUpdate(IReadOnlyList<string>? expectedVersions) => new()
    {
        Coordinates = Coordinates,
        Status = Status,
        Metadata = Metadata,
        ExpectedVersions = expectedVersions,
    };
}
