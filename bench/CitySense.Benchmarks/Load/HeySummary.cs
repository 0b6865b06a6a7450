using System.Globalization;
using System.Text.RegularExpressions;

namespace CitySense.Benchmarks.Load;

/// <summary>
/// Reads the summary hey prints after a run: requests per second, the 50th and 99th latency percentiles, and the
/// status code and error distributions. A response with a status outside 2xx counts as an error, and so does each
/// request that got no response at all (hey's error distribution).
/// </summary>
internal static partial class HeySummary
{
    public static LoadFigures Parse(string operation, int concurrency, string text)
    {
        double perSecond = 0, p50 = 0, p99 = 0;
        long errors = 0, completed = 0;
        var inErrors = false;
        foreach (var line in text.Split('\n'))
        {
            if (RequestsPerSecond().Match(line) is { Success: true } rate)
            {
                perSecond = Number(rate.Groups["value"].Value);
            }
            else if (Percentile().Match(line) is { Success: true } percentile)
            {
                // hey prints seconds; a short run can print a "0% in" line where the 99th should be: left at 0.
                var milliseconds = Number(percentile.Groups["seconds"].Value) * 1000;
                switch (percentile.Groups["rank"].Value)
                {
                    case "50":
                        p50 = milliseconds;
                        break;
                    case "99":
                        p99 = milliseconds;
                        break;
                }
            }
            else if (line.StartsWith("Error distribution:", StringComparison.Ordinal))
            {
                inErrors = true;
            }
            else if (Counted().Match(line) is { Success: true } counted)
            {
                var count = long.Parse(counted.Groups["first"].Value, CultureInfo.InvariantCulture);
                if (inErrors)
                {
                    // "[count]	Get ...: dial tcp ...: connection refused"
                    errors += count;
                }
                else if (counted.Groups["responses"].Success)
                {
                    // "[status]	count responses"
                    var responses = long.Parse(counted.Groups["responses"].Value, CultureInfo.InvariantCulture);
                    completed += responses;
                    if (!counted.Groups["first"].Value.StartsWith('2'))
                    {
                        errors += responses;
                    }
                }
            }
        }

        return new LoadFigures(operation, concurrency, perSecond, p50, p99, errors, completed);
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : 0;

    [GeneratedRegex(@"^\s*Requests/sec:\s*(?<value>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*(?<rank>[0-9]+)%+ in (?<seconds>\S+) secs", RegexOptions.CultureInvariant)]
    private static partial Regex Percentile();

    [GeneratedRegex(@"^\s+\[(?<first>[0-9]+)\]\s+((?<responses>[0-9]+) responses)?", RegexOptions.CultureInvariant)]
    private static partial Regex Counted();
}
