using CitySense.Core.Geo;

namespace CitySense.Core.Sensors;

/// <summary>Which sensors a listing returns.</summary>
public sealed record SensorFilter(string? City, string? Type, SensorStatus? Status, BoundingBox? Box = null);
