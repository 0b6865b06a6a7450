using System.Globalization;

namespace CitySense.Benchmarks.Load;

/// <summary>What one load run measured, whoever drove it (hey against the API, or the SDK floor against the store).</summary>
internal sealed record LoadFigures(string Operation, int Concurrency, double PerSecond, double P50Ms, double P99Ms, long Errors, long Completed)
{
    /// <summary>One tab-separated line: operation, concurrency, req/s, p50 ms, p99 ms, errors, completed.</summary>
    public string ToTsv() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Operation}\t{Concurrency}\t{PerSecond:0.0}\t{P50Ms:0.00}\t{P99Ms:0.00}\t{Errors}\t{Completed}");

    /// <summary>Reads a line written by <see cref="ToTsv"/>.</summary>
    /// <exception cref="FormatException">The line does not have the seven fields.</exception>
    public static LoadFigures ParseTsv(string line)
    {
        var fields = line.Split('\t');
        if (fields.Length != 7)
        {
            throw new FormatException($"Expected 7 tab-separated fields, found {fields.Length}: '{line}'.");
        }

        return new LoadFigures(
            fields[0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            double.Parse(fields[2], CultureInfo.InvariantCulture),
            double.Parse(fields[3], CultureInfo.InvariantCulture),
            double.Parse(fields[4], CultureInfo.InvariantCulture),
            long.Parse(fields[5], CultureInfo.InvariantCulture),
            long.Parse(fields[6], CultureInfo.InvariantCulture));
    }
}
