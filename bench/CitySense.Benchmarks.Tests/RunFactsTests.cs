using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Tests;

public sealed class RunFactsTests
{
    private static string FactsText => File.ReadAllText(Path.Combine(Fixtures.LastFullRun, "facts.txt"));

    [Fact]
    public void Parse_FactsFile_EveryFact()
    {
        var facts = RunFacts.Parse(FactsText);

        Assert.False(facts.Quick);
        Assert.Equal((10, 2, 4), (facts.Seconds, facts.Warmup, facts.FloorWarmup));
        Assert.Equal("""{"payload":{"pm25":7.4,"no2":12,"tempC":21.5}}""", facts.Reading);
        Assert.Equal(("8fe465a", true), (facts.Commit, facts.UncommittedChanges));
        Assert.Equal(2, facts.Cores);
        Assert.Equal("Linux 6.18.44-fc-v782", facts.Kernel);
        Assert.Equal("0.1.4-2+b4", facts.HeyVersion);
        Assert.Equal(["3.12 7.37 9.39", "3.12 6.51 8.94", "3.57 5.98 8.58"], facts.LoadDuring);
        Assert.Equal(327, facts.TotalSeconds);
        Assert.Equal(27.2, facts.BuildSeconds, 6);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 3, 23, 30, TimeSpan.Zero), facts.Finished);
    }

    [Fact]
    public void Parse_NoHeyVersionNorLoadDuring_EmptyNotMissing()
    {
        var text = string.Join('\n', FactsText.Split('\n').Where(line => !line.StartsWith("hey_version=", StringComparison.Ordinal) && !line.StartsWith("load_during=", StringComparison.Ordinal)));

        var facts = RunFacts.Parse(text);

        Assert.Equal(string.Empty, facts.HeyVersion);
        Assert.Empty(facts.LoadDuring);
    }

    [Fact]
    public void Parse_KeyMissing_FormatExceptionNamingIt()
    {
        var text = string.Join('\n', FactsText.Split('\n').Where(line => !line.StartsWith("finished_ms=", StringComparison.Ordinal)));

        var error = Assert.Throws<FormatException>(() => RunFacts.Parse(text));

        Assert.Contains("finished_ms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seconds=ten")]
    [InlineData("no separator")]
    public void Parse_MalformedLine_FormatException(string line)
    {
        Assert.Throws<FormatException>(() => RunFacts.Parse(FactsText + line + "\n"));
    }
}
