namespace CitySense.Core.Aggregates;

/// <summary>One bucket of one sensor's readings: how many readings it holds and the statistics of each payload field.</summary>
public sealed record AggregateBucket(DateTimeOffset Start, long Count, IReadOnlyDictionary<string, FieldStats> Fields);
