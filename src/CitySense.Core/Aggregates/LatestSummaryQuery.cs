using CitySense.Core.Sensors;

namespace CitySense.Core.Aggregates;

/// <summary>
/// The sensors whose latest readings a summary covers: within <paramref name="RadiusMeters"/> of
/// <paramref name="Near"/>, or in <paramref name="City"/>; of <paramref name="Type"/> when given.
/// <paramref name="Fields"/> names the payload fields wanted (null: every field with a numeric value).
/// </summary>
public sealed record LatestSummaryQuery(Coordinates? Near, double RadiusMeters, string? City, string? Type, IReadOnlyList<string>? Fields);
