namespace CitySense.Benchmarks.RoundTrips;

/// <summary>How long the batch API took to store the history the round trips were measured at.</summary>
internal sealed record SeedingTime(int Readings, double Seconds);
