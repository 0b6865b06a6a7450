namespace CitySense.Benchmarks.RoundTrips;

/// <summary>What the roundtrips command measured, as it hands it to the report.</summary>
internal sealed record RoundTripResults(IReadOnlyList<RoundTripRow> Rows, IReadOnlyList<SeedingTime> Seeding)
{
    public bool AllMet => Rows.All(row => row.Met);
}
