namespace CitySense.Benchmarks.RoundTrips;

/// <summary>One measured API request: the Cosmos requests it caused and the target they are held to.</summary>
internal sealed record RoundTripRow(string Operation, string History, IReadOnlyList<string> Sent, string Target, bool Met);
