using System.Globalization;
using CitySense.Core.Geo;
using CitySense.Core.Json;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;

namespace CitySense.Functions.Queries;

/// <summary>
/// Reads single query-string and route values into typed values, adding a field error for each one that is wrong.
/// A value that was not sent reads as null (or its default).
/// </summary>
public static class QueryValues
{
    public const string TimeRule = "must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z";

    public static Outcome<SensorId> SensorId(string? value) =>
        Core.Sensors.SensorId.TryParse(value, out var id) ? id : Problem.Validation("sensorId", Core.Sensors.SensorId.Rule);

    /// <summary>A caller id in a route (<c>/operators/{callerId}</c>).</summary>
    public static Outcome<string> CallerId(string? value) =>
        Core.Access.Caller.IsValidId(value) ? value : Problem.Validation("callerId", Core.Access.Caller.IdRule);

    /// <summary>A subscription id in a route (<c>/subscriptions/{subscriptionId}</c>).</summary>
    public static Outcome<string> SubscriptionId(string? value) =>
        Core.Subscriptions.SubscriptionService.IsValidId(value) ? value : Problem.Validation("subscriptionId", Core.Subscriptions.SubscriptionProblems.IdRule);

    /// <summary>A delivery id in a route (<c>/subscriptions/{subscriptionId}/deliveries/{deliveryId}</c>).</summary>
    public static Outcome<string> DeliveryId(string? value) =>
        Core.Subscriptions.DeliveryService.IsValidId(value) ? value : Problem.Validation("deliveryId", Core.Subscriptions.SubscriptionProblems.DeliveryIdRule);

    public static Core.Subscriptions.DeliveryStatus? DeliveryStatus(string? text, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (text)
        {
            case null:
                return null;
            case "pending":
                return Core.Subscriptions.DeliveryStatus.Pending;
            case "succeeded":
                return Core.Subscriptions.DeliveryStatus.Succeeded;
            case "failed":
                return Core.Subscriptions.DeliveryStatus.Failed;
            default:
                errors.Add("status", "must be 'pending', 'succeeded' or 'failed'");
                return null;
        }
    }

    public static int Limit(string? text, int defaultSize, int maxSize, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
        {
            return defaultSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > maxSize)
        {
            errors.Add("limit", $"must be a whole number from 1 to {maxSize}");
            return defaultSize;
        }

        return size;
    }

    public static string? Slug(string? text, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is not null && !Core.Sensors.Slug.IsValid(text))
        {
            errors.Add(field, Core.Sensors.Slug.Rule);
            return null;
        }

        return text;
    }

    public static SensorStatus? Status(string? text, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (text)
        {
            case null:
                return null;
            case "active":
                return SensorStatus.Active;
            case "inactive":
                return SensorStatus.Inactive;
            default:
                errors.Add("status", "must be 'active' or 'inactive'");
                return null;
        }
    }

    public static DateTimeOffset? Time(string? text, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        if (!Timestamps.TryParse(text, out var value))
        {
            errors.Add(field, TimeRule);
            return null;
        }

        return value;
    }

    /// <summary>Comma-separated payload field names (dotted for nested fields), at most 50; null when not sent.</summary>
    public static IReadOnlyList<string>? Fields(string? text, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (text is null)
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (text.Length > 2000 || names.Length > 50 || names.Any(name => name.Length is 0 or > 200))
        {
            errors.Add("fields", "must be 1 to 50 comma-separated payload field names (dotted paths for nested fields)");
            return null;
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    /// <summary><c>{lat},{lon}</c> in decimal degrees.</summary>
    public static Coordinates? Near(string? text, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Numbers(text, 2) is not [var lat, var lon])
        {
            errors.Add("near", "must be '{lat},{lon}' in decimal degrees, e.g. 29.7421,-95.3463");
            return null;
        }

        return GeoRules.CheckCenter(lat, lon, "near", errors);
    }

    /// <summary>Metres; the default radius when not sent.</summary>
    public static double Radius(string? text, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
        {
            return GeoRules.DefaultRadiusMeters;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius))
        {
            errors.Add("radius", GeoRules.RadiusRule);
            return GeoRules.DefaultRadiusMeters;
        }

        return GeoRules.CheckRadius(radius, "radius", errors);
    }

    /// <summary><c>{minLon},{minLat},{maxLon},{maxLat}</c> in decimal degrees.</summary>
    public static BoundingBox? Box(string? text, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Numbers(text, 4) is not [var minLon, var minLat, var maxLon, var maxLat])
        {
            errors.Add("bbox", "must be '{minLon},{minLat},{maxLon},{maxLat}' in decimal degrees");
            return null;
        }

        return GeoRules.CheckBox(new BoundingBox(minLon, minLat, maxLon, maxLat), "bbox", errors);
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
