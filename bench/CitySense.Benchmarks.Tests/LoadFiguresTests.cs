using CitySense.Benchmarks.Load;

namespace CitySense.Benchmarks.Tests;

public sealed class LoadFiguresTests
{
    [Fact]
    public void ToTsv_ThenParseTsv_SameFiguresAtTheWrittenPrecision()
    {
        var figures = new LoadFigures("read", 32, 3173.04, 9.304, 24.4, 2, 31730);

        var line = figures.ToTsv();

        Assert.Equal("read\t32\t3173.0\t9.30\t24.40\t2\t31730", line);
        Assert.Equal(figures with { PerSecond = 3173.0, P50Ms = 9.30 }, LoadFigures.ParseTsv(line));
    }

    [Theory]
    [InlineData("read\t32\t3173.0")]
    [InlineData("")]
    public void ParseTsv_NotSevenFields_FormatException(string line)
    {
        Assert.Throws<FormatException>(() => LoadFigures.ParseTsv(line));
    }
}
