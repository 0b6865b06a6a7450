using CitySense.Capacity;

namespace CitySense.Capacity.Tests;

public sealed class CapacityReportTests
{
    private static readonly Workload Seed = new()
    {
        SensorsPerCity = [6, 4, 4],
        ReadingInterval = TimeSpan.FromMinutes(1),
        LatestReadsPerSecond = 5,
    };

    [Fact]
    public void Render_Workload_EverySectionAndTheFirstLimit()
    {
        var estimate = CapacityModel.Evaluate(Seed, Stages.Load("dev"));

        var text = CapacityReport.Render(estimate);

        Assert.StartsWith("Workload: 3 cities, 14 sensors (largest city 6), one reading per sensor every 1 min, 5 latest reads/s", text, StringComparison.Ordinal);
        Assert.Contains("Sensors partitioned by /id; readings by sensor and month. Compared with stage dev", text, StringComparison.Ordinal);
        Assert.Contains("| Cosmos DB container |", text, StringComparison.Ordinal);
        Assert.Contains("| to provision | this workload | stage today |", text, StringComparison.Ordinal);
        Assert.Contains("| **total** |", text, StringComparison.Ordinal);
        Assert.Contains($"First limit hit: **{estimate.FirstLimit.Name}**, at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LimitExceeded_SaysSo()
    {
        var megaCity = Seed with { SensorsPerCity = [100_000], ReadingInterval = TimeSpan.FromSeconds(10), Partitioning = Partitioning.City };

        var text = CapacityReport.Render(CapacityModel.Evaluate(megaCity, Stages.Load("prod")));

        Assert.Contains("— already exceeded (", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(0.0123, "0.012")]
    [InlineData(2, "2")]
    [InlineData(2.5, "2.50")]
    [InlineData(12.34, "12.3")]
    [InlineData(121_500, "121,500")]
    public void Number_Value_AtMostThreeSignificantFiguresThousandsSeparated(double value, string expected)
    {
        Assert.Equal(expected, CapacityReport.Number(value));
    }
}
