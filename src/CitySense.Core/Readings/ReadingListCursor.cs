namespace CitySense.Core.Readings;

/// <summary>Position in a sensor's history: the last sort key returned and the range it belongs to.</summary>
public sealed record ReadingListCursor(string Sensor, string Incarnation, string Before, string From, string To);
