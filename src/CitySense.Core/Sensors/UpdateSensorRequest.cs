using System.Text.Json;

namespace CitySense.Core.Sensors;

/// <summary>Body of <c>PUT /sensors/{sensorId}</c>: replaces coordinates, status and metadata.</summary>
public sealed record UpdateSensorRequest
{
    public CoordinatesInput? Coordinates { get; init; }

    public SensorStatus? Status { get; init; }

    public JsonElement? Metadata { get; init; }
}
