namespace CitySense.Core.Sensors;

/// <summary>Coordinates as a client sent them; validated into <see cref="Coordinates"/>.</summary>
public sealed record CoordinatesInput
{
    public double? Lat { get; init; }

    public double? Lon { get; init; }
}
