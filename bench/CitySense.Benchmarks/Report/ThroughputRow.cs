using CitySense.Benchmarks.Load;

namespace CitySense.Benchmarks.Report;

/// <summary>One API request at one concurrency, next to the store floor measured for it in the same run.</summary>
internal sealed record ThroughputRow(string Label, LoadFigures Api, LoadFigures? Floor)
{
    /// <summary>The concurrency the floor target is set at: at 1 the ratio is latency alone (see RESULTS.md).</summary>
    public const int TargetConcurrency = 32;

    /// <summary>The API must keep at least this share of what the store alone does.</summary>
    public const double TargetRatio = 0.7;

    /// <summary>API requests per second ÷ floor operations per second; null without a floor.</summary>
    public double? Ratio => Floor is null ? null : Statistics.Ratio(Api.PerSecond, Floor.PerSecond);

    public long Errors => Api.Errors + (Floor?.Errors ?? 0);

    /// <summary>The verdict at <see cref="TargetConcurrency"/>; empty at the others.</summary>
    public string TargetVerdict => Api.Concurrency == TargetConcurrency ? Verdict.AtLeast(Ratio, TargetRatio) : string.Empty;

    /// <summary>The API's runs of <paramref name="apiOperation"/>, by concurrency, each with the floor's run of <paramref name="floorOperation"/>.</summary>
    public static IReadOnlyList<ThroughputRow> Pair(
        string label, string apiOperation, string floorOperation, IEnumerable<LoadFigures> api, IEnumerable<LoadFigures> floor)
    {
        var floors = floor.Where(run => run.Operation == floorOperation).ToList();
        return api
            .Where(run => run.Operation == apiOperation)
            .OrderBy(run => run.Concurrency)
            .Select(run => new ThroughputRow(label, run, floors.LastOrDefault(f => f.Concurrency == run.Concurrency)))
            .ToList();
    }
}
