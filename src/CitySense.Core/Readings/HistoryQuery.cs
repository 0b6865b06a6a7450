using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>
/// A page of one sensor's history, newest first, between <paramref name="From"/> and <paramref name="To"/>
/// (inclusive; open when null); <paramref name="Cursor"/> is where the previous page ended.
/// </summary>
public sealed record HistoryQuery(SensorId Sensor, DateTimeOffset? From, DateTimeOffset? To, int Limit, string? Cursor = null);
