using System.Globalization;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Validation;

namespace CitySense.Core.Geo;

/// <summary>The limits of geo searches: a point to search near, a radius and a bounding box.</summary>
public static class GeoRules
{
    public const double MaxRadiusMeters = 50_000;
    public const double DefaultRadiusMeters = 1_000;
    public const double MaxBoxSideDegrees = 5;

    public static readonly string RadiusRule =
        string.Create(CultureInfo.InvariantCulture, $"must be a number of metres greater than 0 and at most {MaxRadiusMeters:0}");

    /// <summary>The centre of a near search, checked under the field name <paramref name="field"/>.</summary>
    public static Coordinates? CheckCenter(double lat, double lon, string field, ValidationErrors errors)
    {
        var checkedLat = CoordinateRules.CheckAxis(lat, field, 90, errors);
        var checkedLon = CoordinateRules.CheckAxis(lon, field, 180, errors);
        return checkedLat is { } la && checkedLon is { } lo ? new Coordinates(la, lo) : null;
    }

    public static double CheckRadius(double radius, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!double.IsFinite(radius) || radius <= 0 || radius > MaxRadiusMeters)
        {
            errors.Add(field, RadiusRule);
            return DefaultRadiusMeters;
        }

        return radius;
    }

    public static BoundingBox? CheckBox(BoundingBox box, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(errors);
        if (Math.Abs(box.MinLon) > 180 || Math.Abs(box.MaxLon) > 180 || Math.Abs(box.MinLat) > 90 || Math.Abs(box.MaxLat) > 90)
        {
            errors.Add(field, "must have longitudes within ±180 and latitudes within ±90");
        }
        else if (box.MinLon >= box.MaxLon || box.MinLat >= box.MaxLat)
        {
            errors.Add(field, "must have minLon < maxLon and minLat < maxLat (boxes across the antimeridian are not supported)");
        }
        else if (box.MaxLon - box.MinLon > MaxBoxSideDegrees || box.MaxLat - box.MinLat > MaxBoxSideDegrees)
        {
            errors.Add(field, $"must be at most {MaxBoxSideDegrees:0} degrees on each side");
        }
        else
        {
            return box;
        }

        return null;
    }
}
