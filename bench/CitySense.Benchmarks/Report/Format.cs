using System.Globalization;

namespace CitySense.Benchmarks.Report;

/// <summary>How figures are written in bench/RESULTS.md.</summary>
internal static class Format
{
    public const string NotAvailable = "n/a";

    /// <summary>Two decimals, or n/a when there was nothing to divide by.</summary>
    public static string Ratio(double? ratio) => ratio is { } value ? Fixed(value, 2) : NotAvailable;

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
