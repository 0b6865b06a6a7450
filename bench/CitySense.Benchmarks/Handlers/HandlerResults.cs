using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Handlers;

/// <summary>What the handlers command measured, as it hands it to the report, with one response of each handler.</summary>
internal sealed record HandlerResults(IReadOnlyList<HandlerMeasurement> Measurements, IReadOnlyList<string> Responses)
{
    /// <summary>The paths compared, each as a CitySense function against a raw minimal API.</summary>
    public static readonly IReadOnlyList<string> Paths = ["Ingest", "Latest"];

    public HandlerMeasurement? Raw(string path) => Find(path + "_RawMinimalApi");

    public HandlerMeasurement? CitySense(string path) => Find(path + "_CitySense");

    /// <summary>CitySense's median time ÷ the raw handler's; null when either benchmark failed.</summary>
    public double? TimeRatio(string path) =>
        Raw(path) is { } raw && CitySense(path) is { } ours ? Statistics.Ratio(ours.MedianNanoseconds, raw.MedianNanoseconds) : null;

    public bool Complete => Paths.All(path => Raw(path) is not null && CitySense(path) is not null);

    private HandlerMeasurement? Find(string benchmark) => Measurements.FirstOrDefault(measurement => measurement.Benchmark == benchmark);
}
