using CitySense.Core.Sensors;

namespace CitySense.Core.Aggregates;

/// <summary>
/// A page of one sensor's buckets of <paramref name="Interval"/>, newest first, of the buckets that overlap
/// <paramref name="From"/>..<paramref name="To"/> (inclusive; open when null). <paramref name="Fields"/> names the
/// payload fields wanted (null: every field with a numeric value in the bucket).
/// </summary>
public sealed record AggregateQuery(
    SensorId Sensor,
    AggregateInterval Interval,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyList<string>? Fields,
    int Limit,
    string? Cursor = null);
