using CitySense.Core.Sensors;

namespace CitySense.Core.Geo;

/// <summary>Great-circle distance on the WGS84 mean sphere (haversine), in metres.</summary>
public static class Distance
{
    /// <summary>IUGG mean Earth radius R1, metres.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    public static double Meters(Coordinates from, Coordinates to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var dLat = Radians(to.Lat - from.Lat);
        var dLon = Radians(to.Lon - from.Lon);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
            + (Math.Cos(Radians(from.Lat)) * Math.Cos(Radians(to.Lat)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
