namespace CitySense.Core.Geo;

/// <summary>A longitude/latitude rectangle, edges included.</summary>
public sealed record BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat);
