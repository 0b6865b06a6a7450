using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Functions.Contracts;

/// <summary>Body of <c>POST /sensors</c>.</summary>
public sealed record CreateSensorRequest
{
    public string? City { get; init; }

    public string? Location { get; init; }

    public string? Type { get; init; }

    public CoordinatesInput? Coordinates { get; init; }

    public JsonElement? Metadata { get; init; }

    public SensorStatus? Status { get; init; }

    public SensorRegistration ToRegistration() => new()
    {
        City = City,
        Location = Location,
        Type = Type,
        Coordinates = Coordinates,
        Metadata = Metadata,
        Status = Status,
    };
}
