namespace CitySense.Benchmarks.Report;

/// <summary>The few statistics the benchmarks report, defined once for every figure that uses them.</summary>
internal static class Statistics
{
    /// <summary>
    /// The nearest-rank percentile of values sorted ascending: the smallest value with at least <paramref name="p"/>
    /// of all values at or below it. NaN when there are none.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>The middle value, or the mean of the two middle values of an even count; null when there are none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary><paramref name="value"/> ÷ <paramref name="baseline"/>; null when there is no baseline to divide by.</summary>
    public static double? Ratio(double value, double baseline) => baseline > 0 ? value / baseline : null;
}
