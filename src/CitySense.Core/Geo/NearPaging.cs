using CitySense.Core.Sensors;

namespace CitySense.Core.Geo;

/// <summary>
/// Orders sensors found near a point by (distance, id) and cuts one page after a (distance, id) position.
/// Distances are haversine metres computed here, so order and figures do not depend on the database's
/// approximation; the store's spatial filter only narrows the candidates (with a margin).
/// </summary>
public static class NearPaging
{
    /// <summary>How far beyond the radius the store's spatial filter looks, so no sensor at the edge is lost.</summary>
    public static double OuterRadius(double radiusMeters) => (radiusMeters * 1.01) + 10;

    /// <summary>How far inside the last distance a next page starts looking.</summary>
    public static double InnerRadius(double? lastDistance) => lastDistance is { } d ? Math.Max(0, (d * 0.99) - 10) : 0;

    public static List<Nearby<Sensor>> Page(
        IEnumerable<Sensor> candidates,
        Coordinates center,
        double radiusMeters,
        double? afterDistance,
        string? afterId,
        int take) =>
        [
            .. candidates
                .Select(sensor => new Nearby<Sensor>(sensor, Distance.Meters(center, sensor.Coordinates)))
                .Where(found => found.DistanceMeters <= radiusMeters)
                .Where(found => afterDistance is not { } d || IsAfter(found, d, afterId!))
                .OrderBy(found => found.DistanceMeters)
                .ThenBy(found => found.Item.Id.ToString(), StringComparer.Ordinal)
                .Take(take),
        ];

    private static bool IsAfter(Nearby<Sensor> found, double distance, string id) =>
        found.DistanceMeters > distance
        || (found.DistanceMeters.Equals(distance) && string.CompareOrdinal(found.Item.Id.ToString(), id) > 0);
}
