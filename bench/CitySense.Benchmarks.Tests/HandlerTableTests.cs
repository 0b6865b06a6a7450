using CitySense.Benchmarks.Handlers;

namespace CitySense.Benchmarks.Tests;

public sealed class HandlerTableTests
{
    [Fact]
    public void Render_BothPaths_RatiosToRawAndVerdicts()
    {
        var results = new HandlerResults(
            [
                new("Ingest_RawMinimalApi", 12_720, 5_336),
                new("Ingest_CitySense", 9_040, 5_008),
                new("Latest_RawMinimalApi", 4_000, 2_848),
                new("Latest_CitySense", 6_400, 3_032),
            ],
            ["Ingest_CitySense: 201 {}"]);

        var lines = HandlerTable.Render(results).Split('\n');

        Assert.Contains("| ingest | raw minimal API | 12.72 µs | 5,336 B | 1.00 | 1.00 | |", lines);
        Assert.Contains("| ingest | CitySense function | 9.04 µs | 5,008 B | 0.71 | 0.94 | met |", lines);
        Assert.Contains("| latest | CitySense function | 6.40 µs | 3,032 B | 1.60 | 1.06 | missed |", lines);
        Assert.Contains("- `Ingest_CitySense: 201 {}`", lines);
        Assert.True(results.Complete);
    }

    [Fact]
    public void Render_BenchmarkFailed_RowSaysSoAndNoRatio()
    {
        var results = new HandlerResults([new("Ingest_RawMinimalApi", 12_720, 5_336), new("Ingest_CitySense", 9_040, 5_008)], []);

        var lines = HandlerTable.Render(results).Split('\n');

        Assert.Contains("| Latest | (benchmark failed) | | | | | |", lines);
        Assert.Null(results.TimeRatio("Latest"));
        Assert.False(results.Complete);
    }

    [Fact]
    public void Render_RawAllocatesNothing_BytesRatioNotAvailable()
    {
        var results = new HandlerResults([new("Ingest_RawMinimalApi", 1_000, 0), new("Ingest_CitySense", 1_000, 64)], []);

        Assert.Contains("| ingest | CitySense function | 1.00 µs | 64 B | 1.00 | n/a | met |", HandlerTable.Render(results).Split('\n'));
    }
}
