namespace CitySense.Benchmarks.RoundTrips;

/// <summary>One history size of <see cref="AggregateComparison"/>: requests and milliseconds of each way.</summary>
internal sealed record AggregateComparisonRow(
    int Readings,
    double SeedSeconds,
    int RawRequests,
    double RawMs,
    int FirstRequests,
    double FirstMs,
    int KeptRequests,
    double KeptMs);
