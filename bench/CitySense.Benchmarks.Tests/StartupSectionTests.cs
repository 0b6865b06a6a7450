using System.Text;
using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Tests;

public sealed class StartupSectionTests
{
    [Fact]
    public void Append_LastFullRun_BothPublicationsWithTheirRunsAndMedians()
    {
        var text = new StringBuilder();

        StartupSection.Append(text, BenchRun.Load(Fixtures.LastFullRun));

        var section = text.ToString();
        Assert.Contains("published **ReadyToRun** (`-r linux-x64 -p:PublishReadyToRun=true`), first keyed 200 | 802 774 851 790 812 | 802 ms |", section, StringComparison.Ordinal);
        Assert.Contains("published without ReadyToRun (JIT only), first keyed 200 | 1119 1341 1092 1132 1159 | 1132 ms |", section, StringComparison.Ordinal);
        Assert.Contains("ReadyToRun took **330 ms (29 %)** off the median start to the first keyed 200.", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_ReadyToRunSlower_SaysSoInsteadOfANegativeSaving()
    {
        Assert.Equal(
            "ReadyToRun was **100 ms slower** at the median in this run (noise on a shared machine, or a regression: run again).",
            StartupSection.Saving(1000, 1100));
    }

    [Fact]
    public void Saving_NoRuns_NotAvailable()
    {
        Assert.Equal("ReadyToRun against JIT: n/a (a configuration has no runs).", StartupSection.Saving(null, 900));
    }
}
