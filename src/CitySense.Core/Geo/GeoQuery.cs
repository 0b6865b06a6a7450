using System.Globalization;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Validation;

namespace CitySense.Core.Geo;

/// <summary>Reads the geo query parameters: <c>near</c>, <c>radius</c> and <c>bbox</c>.</summary>
public static class GeoQuery
{
    public const double MaxRadiusMeters = 50_000;
    public const double DefaultRadiusMeters = 1_000;
    public const double MaxBoxSideDegrees = 5;

    public static Coordinates? ReadNear(string? text, ValidationErrors errors)
    {
        var parts = Numbers(text, 2);
        if (parts is null)
        {
            errors.Add("near", "must be '{lat},{lon}' in decimal degrees, e.g. 29.7421,-95.3463");
            return null;
        }

        var lat = CoordinateRules.CheckAxis(parts[0], "near", 90, errors);
        var lon = CoordinateRules.CheckAxis(parts[1], "near", 180, errors);
        return lat is { } la && lon is { } lo ? new Coordinates(la, lo) : null;
    }

    public static double ReadRadius(string? text, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultRadiusMeters;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius)
            || !double.IsFinite(radius) || radius <= 0 || radius > MaxRadiusMeters)
        {
            errors.Add("radius", $"must be a number of metres greater than 0 and at most {MaxRadiusMeters:0}");
            return DefaultRadiusMeters;
        }

        return radius;
    }

    public static BoundingBox? ReadBox(string text, ValidationErrors errors)
    {
        var parts = Numbers(text, 4);
        if (parts is null)
        {
            errors.Add("bbox", "must be '{minLon},{minLat},{maxLon},{maxLat}' in decimal degrees");
            return null;
        }

        var box = new BoundingBox(parts[0], parts[1], parts[2], parts[3]);
        if (Math.Abs(box.MinLon) > 180 || Math.Abs(box.MaxLon) > 180 || Math.Abs(box.MinLat) > 90 || Math.Abs(box.MaxLat) > 90)
        {
            errors.Add("bbox", "must have longitudes within ±180 and latitudes within ±90");
        }
        else if (box.MinLon >= box.MaxLon || box.MinLat >= box.MaxLat)
        {
            errors.Add("bbox", "must have minLon < maxLon and minLat < maxLat (boxes across the antimeridian are not supported)");
        }
        else if (box.MaxLon - box.MinLon > MaxBoxSideDegrees || box.MaxLat - box.MinLat > MaxBoxSideDegrees)
        {
            errors.Add("bbox", $"must be at most {MaxBoxSideDegrees:0} degrees on each side");
        }
        else
        {
            return box;
        }

        return null;
    }

    private static double[]? Numbers(string? text, int count)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return null;
        }

        var parts = text.Split(',');
        if (parts.Length != count)
        {
            return null;
        }

        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
