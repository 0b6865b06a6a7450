using System.Globalization;

namespace CitySense.Benchmarks.Floor;

/// <summary>What one closed-loop load run measured.</summary>
internal sealed record LoadResult(string Operation, int Concurrency, long Completed, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Completed / Elapsed.TotalSeconds;

    /// <summary>One tab-separated line: operation, concurrency, req/s, p50 ms, p99 ms, errors, completed.</summary>
    public string ToTsv() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Operation}\t{Concurrency}\t{PerSecond:0.0}\t{P50Ms:0.00}\t{P99Ms:0.00}\t{Errors}\t{Completed}");
}
