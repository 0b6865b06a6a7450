using CitySense.Core.Sensors;

namespace CitySense.Core.Readings;

/// <summary>All of one sensor's readings between <paramref name="From"/> and <paramref name="To"/> (inclusive; open when null).</summary>
public sealed record ReadingRange(SensorId Sensor, DateTimeOffset? From, DateTimeOffset? To);
