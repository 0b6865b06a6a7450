using CitySense.Core.Sensors;

namespace CitySense.Core.Geo;

/// <summary>
/// A page of sensors within <paramref name="RadiusMeters"/> of <paramref name="Center"/>, nearest first, that pass
/// <paramref name="Filter"/>; <paramref name="Cursor"/> is where the previous page ended.
/// </summary>
public sealed record NearQuery(Coordinates Center, double RadiusMeters, SensorFilter Filter, int Limit, string? Cursor = null);
