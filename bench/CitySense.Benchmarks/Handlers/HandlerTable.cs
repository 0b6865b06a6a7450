using System.Globalization;
using System.Text;
using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Handlers;

/// <summary>The handler measurements as the Markdown of bench/RESULTS.md, section 3: table, ratios, verdicts, responses.</summary>
internal static class HandlerTable
{
    /// <summary>CitySense's handler may take at most this many times the raw minimal API's time.</summary>
    public const double TimeTarget = 1.5;

    public static string Render(HandlerResults results)
    {
        var text = new StringBuilder()
            .AppendLine("| path | handler | median time / op | bytes allocated / op | time ÷ raw | bytes ÷ raw | target (time ≤ 1.5× raw) |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var path in HandlerResults.Paths)
        {
            if (results.Raw(path) is not { } raw || results.CitySense(path) is not { } ours)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {path} | (benchmark failed) | | | | | |");
                continue;
            }

            var timeRatio = results.TimeRatio(path);
            var bytesRatio = Statistics.Ratio(ours.BytesPerOperation, raw.BytesPerOperation);
            var name = path.ToLowerInvariant();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | raw minimal API | {Micro(raw.MedianNanoseconds)} | {raw.BytesPerOperation:N0} B | 1.00 | 1.00 | |");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | CitySense function | {Micro(ours.MedianNanoseconds)} | {ours.BytesPerOperation:N0} B | {Format.Ratio(timeRatio)} | {Format.Ratio(bytesRatio)} | {(timeRatio <= TimeTarget ? "met" : "missed")} |");
        }

        text.AppendLine().AppendLine("One response of each handler, as measured (status and body):").AppendLine();
        foreach (var response in results.Responses)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- `{response}`");
        }

        return text.ToString();
    }

    private static string Micro(double nanoseconds) => (nanoseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " µs";
}
