namespace CitySense.Core.Sensors;

/// <summary>A sensor in a listing, with its distance when the listing is a near query.</summary>
public sealed record SensorListItem(Sensor Sensor, double? DistanceMeters = null);
