using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.Core.Aggregates;

/// <summary>
/// "What is the air like around here right now": one query for the sensors found (with their latest readings, which
/// the sensor documents carry), summarised in memory like one aggregate bucket.
/// </summary>
public sealed class LatestSummaryService(ISensorStore sensors)
{
    /// <summary>The most sensors one summary covers; a larger area or city is refused (narrow it, or filter by type).</summary>
    public const int MaxSensors = 2000;

    public async Task<Outcome<LatestSummary>> SummarizeAsync(LatestSummaryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new SensorFilter(query.City, query.Type, null);
        IReadOnlyList<Sensor> found;
        if (query.Near is { } center)
        {
            var candidates = await sensors.ListNearAsync(center, 0, NearPaging.OuterRadius(query.RadiusMeters), filter, withLatest: true, cancellationToken);
            found = [.. candidates.Where(sensor => Distance.Meters(center, sensor.Coordinates) <= query.RadiusMeters)];
        }
        else
        {
            found = await sensors.ListWithLatestAsync(filter, MaxSensors + 1, cancellationToken);
        }

        if (found.Count > MaxSensors)
        {
            return Problem.Validation(
                query.Near is null ? "city" : "radius",
                $"covers more than {MaxSensors} sensors with readings, the most one summary may; narrow it or filter by type");
        }

        var latest = found.Select(sensor => sensor.Latest!.ToReading(sensor)).ToList();
        var bucket = BucketAggregator.Aggregate(latest, AggregateInterval.Everything).SingleOrDefault();
        var fields = (bucket?.Fields ?? new Dictionary<string, FieldStats>())
            .Where(pair => query.Fields is null ? pair.Value.Count > 0 : query.Fields.Contains(pair.Key, StringComparer.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return new LatestSummary(
            latest.Count,
            latest.Count == 0 ? null : latest.Min(r => r.Timestamp),
            latest.Count == 0 ? null : latest.Max(r => r.Timestamp),
            fields);
    }
}
