using System.Globalization;
using System.Text;

namespace CitySense.Benchmarks.RoundTrips;

/// <summary>The round-trip measurements as the Markdown table of bench/RESULTS.md, section 1.</summary>
internal static class RoundTripTable
{
    public static string Render(IEnumerable<RoundTripRow> rows)
    {
        var text = new StringBuilder()
            .AppendLine("| API request | history | Cosmos requests | what they are | target | met |")
            .AppendLine("| --- | --- | ---: | --- | --- | --- |");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Operation} | {row.History} | {row.Sent.Count} | {Describe(row.Sent)} | {row.Target} | {(row.Met ? "yes" : "**no**")} |");
        }

        return text.ToString();
    }

    /// <summary>"patch → create" for a few requests, "10 × patch, 500 × create" for many.</summary>
    public static string Describe(IReadOnlyList<string> sent) => sent.Count <= 4
        ? string.Join(" → ", sent.Select(Short))
        : string.Join(", ", sent.GroupBy(Short).Select(group => $"{group.Count()} × {group.Key}"));

    private static string Short(string request) => request.Replace(" Document", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
