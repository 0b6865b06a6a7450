using CitySense.Benchmarks.Load;

namespace CitySense.Benchmarks.Tests;

/// <summary>hey 0.1.4's summaries, captured on this kind of machine against a loopback server.</summary>
public sealed class HeySummaryTests
{
    [Fact]
    public void Parse_AllOk_RateLatenciesAndCount()
    {
        var figures = HeySummary.Parse("latest", 4, Fixtures.Hey("ok.txt"));

        Assert.Equal(("latest", 4), (figures.Operation, figures.Concurrency));
        Assert.Equal(258.9584, figures.PerSecond, 6);
        Assert.Equal(10.5, figures.P50Ms, 6);
        Assert.Equal(105.4, figures.P99Ms, 6);
        Assert.Equal((200L, 0L), (figures.Completed, figures.Errors));
    }

    [Fact]
    public void Parse_StatusOutside2xx_CountedAsErrors()
    {
        var figures = HeySummary.Parse("latest", 2, Fixtures.Hey("not-found.txt"));

        Assert.Equal(50, figures.Completed);
        Assert.Equal(50, figures.Errors);
        Assert.Equal(4.5, figures.P50Ms, 6);
    }

    [Fact]
    public void Parse_ShortRunPrintsNo99th_LeftAtZero()
    {
        // 50 requests: hey prints "0% in 0.0000 secs" where the 99th percentile belongs.
        var figures = HeySummary.Parse("latest", 2, Fixtures.Hey("not-found.txt"));

        Assert.Equal(0, figures.P99Ms);
    }

    [Fact]
    public void Parse_NoResponses_ErrorDistributionCountedAsErrors()
    {
        var figures = HeySummary.Parse("ingest", 2, Fixtures.Hey("refused.txt"));

        Assert.Equal(0, figures.Completed);
        Assert.Equal(20, figures.Errors);
        Assert.Equal(0, figures.P50Ms);
    }

    [Fact]
    public void Parse_ResponsesAndErrors_BothCounted()
    {
        var text = Fixtures.Hey("ok.txt").Replace(
            "Status code distribution:\n  [200]\t200 responses\n",
            "Status code distribution:\n  [201]\t190 responses\n  [503]\t7 responses\n\nError distribution:\n  [3]\tPost \"http://127.0.0.1:1/api\": EOF\n",
            StringComparison.Ordinal);

        var figures = HeySummary.Parse("ingest", 4, text);

        Assert.Equal(197, figures.Completed);
        Assert.Equal(10, figures.Errors);
    }
}
