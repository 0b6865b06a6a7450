namespace CitySense.Core.Sensors;

/// <summary>A WGS84 position in decimal degrees.</summary>
public sealed record Coordinates(double Lat, double Lon);
