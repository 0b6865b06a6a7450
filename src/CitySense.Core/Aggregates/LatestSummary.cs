namespace CitySense.Core.Aggregates;

/// <summary>
/// The latest readings of the sensors found, summarised: how many sensors, the timestamp range of those readings and,
/// per field, the statistics of the latest values (first and last by timestamp).
/// </summary>
public sealed record LatestSummary(int Sensors, DateTimeOffset? Oldest, DateTimeOffset? Newest, IReadOnlyDictionary<string, FieldStats> Fields);
