using CitySense.Benchmarks.Load;
using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Tests;

public sealed class ThroughputRowTests
{
    [Fact]
    public void Pair_ApiRuns_OrderedByConcurrencyEachWithItsFloor()
    {
        LoadFigures[] api = [Figures("latest", 32, 2755), Figures("latest", 1, 808), Figures("ingest", 1, 77)];
        LoadFigures[] floor = [Figures("read", 1, 2703), Figures("create", 1, 2125), Figures("read", 32, 3173)];

        var rows = ThroughputRow.Pair("GET …/readings/latest", "latest", "read", api, floor);

        Assert.Equal([1, 32], rows.Select(row => row.Api.Concurrency));
        Assert.Equal([2703d, 3173d], rows.Select(row => row.Floor!.PerSecond));
    }

    [Fact]
    public void TargetVerdict_AtTargetConcurrency_MetFromSevenTenthsOfTheFloor()
    {
        Assert.Equal("met", Row(32, 700, 1000).TargetVerdict);
        Assert.Equal("**missed**", Row(32, 699, 1000).TargetVerdict);
    }

    [Fact]
    public void TargetVerdict_OtherConcurrency_None()
    {
        Assert.Equal(string.Empty, Row(8, 100, 1000).TargetVerdict);
    }

    [Fact]
    public void Ratio_NoFloor_NullAndMissed()
    {
        var row = new ThroughputRow("GET …/readings/latest", Figures("latest", 32, 2755), null);

        Assert.Null(row.Ratio);
        Assert.Equal("**missed**", row.TargetVerdict);
    }

    [Fact]
    public void Errors_ApiAndFloorAdded()
    {
        var row = new ThroughputRow("x", Figures("latest", 1, 1) with { Errors = 2 }, Figures("read", 1, 1) with { Errors = 3 });

        Assert.Equal(5, row.Errors);
    }

    private static ThroughputRow Row(int concurrency, double api, double floor) =>
        new("GET …/readings/latest", Figures("latest", concurrency, api), Figures("read", concurrency, floor));

    private static LoadFigures Figures(string operation, int concurrency, double perSecond) =>
        new(operation, concurrency, perSecond, 1, 2, 0, (long)perSecond * 10);
}
