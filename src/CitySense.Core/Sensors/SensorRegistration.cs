using System.Text.Json;

namespace CitySense.Core.Sensors;

/// <summary>A sensor as a client proposes to register it; <see cref="SensorService"/> checks every field.</summary>
public sealed record SensorRegistration
{
    public string? City { get; init; }

    public string? Location { get; init; }

    public string? Type { get; init; }

    public CoordinatesInput? Coordinates { get; init; }

    public JsonElement? Metadata { get; init; }

    public SensorStatus? Status { get; init; }
}
