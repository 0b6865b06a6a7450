using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.UnitTests.Readings;

public sealed class ReadingBucketTests
{
    private static readonly SensorId Sensor = new("houston", "clay_st", "weather");

    [Fact]
    public void For_TimestampWithOffset_UsesTheUtcMonth()
    {
        var timestamp = new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.FromHours(2));

        var bucket = ReadingBucket.For(Sensor, "0123456789abcdef", timestamp);

        Assert.Equal("houston.clay_st.weather|0123456789abcdef|2026-02", bucket.Key);
    }

    [Fact]
    public void Previous_January_IsDecemberOfThePreviousYear()
    {
        var january = new ReadingBucket(Sensor, "0123456789abcdef", 2026, 1);

        var previous = january.Previous();

        Assert.Equal(new ReadingBucket(Sensor, "0123456789abcdef", 2025, 12), previous);
        Assert.True(previous.IsBefore(january));
        Assert.False(january.IsBefore(previous));
        Assert.False(january.IsBefore(january));
    }
}
