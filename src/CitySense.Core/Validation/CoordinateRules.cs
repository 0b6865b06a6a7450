using CitySense.Core.Problems;
using CitySense.Core.Sensors;

namespace CitySense.Core.Validation;

/// <summary>Checks WGS84 coordinates.</summary>
public static class CoordinateRules
{
    public static Coordinates? Check(CoordinatesInput? input, string field, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add(field, "is required");
            return null;
        }

        var lat = CheckAxis(input.Lat, $"{field}.lat", 90, errors);
        var lon = CheckAxis(input.Lon, $"{field}.lon", 180, errors);
        return lat is { } la && lon is { } lo ? new Coordinates(la, lo) : null;
    }

    public static double? CheckAxis(double? value, string field, double limit, ValidationErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, "is required");
            return null;
        }

        if (!double.IsFinite(value.Value) || value.Value < -limit || value.Value > limit)
        {
            errors.Add(field, $"must be a number between -{limit} and {limit}");
            return null;
        }

        return value.Value;
    }
}
