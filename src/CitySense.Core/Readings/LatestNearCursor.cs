namespace CitySense.Core.Readings;

/// <summary>Position in a latest-near listing: the last (distance, sensor id) returned, and the query.</summary>
public sealed record LatestNearCursor(string After, double Distance, string Near, string? Radius, string? Type);
