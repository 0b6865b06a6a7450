namespace CitySense.Core.Geo;

/// <summary>Something found near a point, with its distance in metres.</summary>
public sealed record Nearby<T>(T Item, double DistanceMeters);
