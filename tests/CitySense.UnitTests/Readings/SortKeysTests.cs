using CitySense.Core.Readings;

namespace CitySense.UnitTests.Readings;

public sealed class SortKeysTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 31, 14, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void For_TimestampAndId_IsTheUtcTimestampThenTheId()
    {
        var key = SortKeys.For(Time, "r-1");

        Assert.Equal("2026-01-31T12:00:00.0000000Z|r-1", key);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("A")]
    [InlineData("zzzz")]
    [InlineData("z:._-9")]
    public void StartOfAndEndOf_AnyReadingIdAtThatTime_SortBetweenThem(string readingId)
    {
        var key = SortKeys.For(Time, readingId);

        Assert.True(string.CompareOrdinal(SortKeys.StartOf(Time), key) <= 0);
        Assert.True(string.CompareOrdinal(key, SortKeys.EndOf(Time)) < 0);
    }

    [Fact]
    public void EndOf_Time_SortsBeforeAnyReadingOneTickLater()
    {
        var later = SortKeys.For(Time.AddTicks(1), "0");

        Assert.True(string.CompareOrdinal(SortKeys.EndOf(Time), later) < 0);
    }

    [Fact]
    public void StartOf_Time_SortsAfterAnyReadingOneTickEarlier()
    {
        var earlier = SortKeys.For(Time.AddTicks(-1), "zzzz");

        Assert.True(string.CompareOrdinal(earlier, SortKeys.StartOf(Time)) < 0);
    }

    [Theory]
    [InlineData("a", "b", "b")]
    [InlineData("b", "a", "b")]
    [InlineData("2026-01-01T00:00:00.0000000Z", "2026-01-01T00:00:00.0000000Z|x", "2026-01-01T00:00:00.0000000Z|x")]
    public void Max_TwoKeys_ReturnsTheLaterInOrdinalOrder(string a, string b, string expected)
    {
        Assert.Equal(expected, SortKeys.Max(a, b));
    }

    [Theory]
    [InlineData("2026-01-31T12:00:00.0000000Z|r-1")]
    [InlineData("2026-01-31T12:00:00.0000000Z|~")]
    [InlineData("2026-01-31T12:00:00.0000000Z")]
    public void TryReadTime_KeyOrBound_ReturnsItsTime(string key)
    {
        var read = SortKeys.TryReadTime(key, out var time);

        Assert.True(read);
        Assert.Equal(Time, time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("|r-1")]
    [InlineData("yesterday|r-1")]
    [InlineData("2026-01-31T12:00:00|r-1")]
    public void TryReadTime_NoTimestamp_ReturnsFalse(string key)
    {
        var read = SortKeys.TryReadTime(key, out _);

        Assert.False(read);
    }
}
