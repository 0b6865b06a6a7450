namespace CitySense.Core.Sensors;

/// <summary>A page of sensors in id order: which sensors, how many, and where the previous page ended.</summary>
public sealed record SensorListQuery(SensorFilter Filter, int Limit, string? Cursor = null);
