namespace CitySense.Benchmarks.Report;

/// <summary>Whether a figure met its target, as the targets table writes it (a miss stands out in bold).</summary>
internal static class Verdict
{
    public const string Met = "met";

    public const string Missed = "**missed**";

    public static string Of(bool met) => met ? Met : Missed;

    /// <summary>Met when the figure exists and is at most <paramref name="target"/>.</summary>
    public static string AtMost(double? value, double target) => Of(value <= target);

    /// <summary>Met when the figure exists and is at least <paramref name="target"/>.</summary>
    public static string AtLeast(double? value, double target) => Of(value >= target);
}
