using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Tests;

public sealed class StatisticsTests
{
    private static readonly double[] OneToHundred = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.99, 99)]
    [InlineData(1.00, 100)]
    [InlineData(0.001, 1)]
    public void Percentile_OneToHundred_NearestRank(double p, double expected)
    {
        Assert.Equal(expected, Statistics.Percentile(OneToHundred, p));
    }

    [Fact]
    public void Percentile_FewValues_SmallestWithAtLeastThatShareAtOrBelow()
    {
        double[] sorted = [0.3, 0.4, 2.0];

        Assert.Equal(0.4, Statistics.Percentile(sorted, 0.50));
        Assert.Equal(2.0, Statistics.Percentile(sorted, 0.99));
    }

    [Fact]
    public void Percentile_NoValues_NaN()
    {
        Assert.True(double.IsNaN(Statistics.Percentile([], 0.5)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.5)]
    public void Percentile_ShareOutsideZeroToOne_Throws(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.Percentile(OneToHundred, p));
    }

    [Fact]
    public void Median_OddCount_MiddleOfTheSortedValues()
    {
        Assert.Equal(1132, Statistics.Median([1119, 1341, 1092, 1132, 1159]));
    }

    [Fact]
    public void Median_EvenCount_MeanOfTheTwoMiddleValues()
    {
        Assert.Equal(1125.5, Statistics.Median([1341, 1119, 1132, 1092]));
    }

    [Fact]
    public void Median_NoValues_Null()
    {
        Assert.Null(Statistics.Median([]));
    }

    [Fact]
    public void Ratio_Baseline_ValueDividedByIt()
    {
        Assert.Equal(0.5, Statistics.Ratio(50, 100));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Ratio_NoBaseline_Null(double baseline)
    {
        Assert.Null(Statistics.Ratio(50, baseline));
    }
}
