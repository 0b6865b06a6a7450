namespace CitySense.Core.Aggregates;

/// <summary>Position in a listing of buckets: the start of the last bucket returned and the range it belongs to.</summary>
public sealed record AggregateCursor(string Sensor, string Incarnation, string Interval, string Before, string From, string To);
