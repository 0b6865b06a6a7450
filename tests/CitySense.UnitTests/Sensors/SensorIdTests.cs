using CitySense.Core.Sensors;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorIdTests
{
    [Fact]
    public void TryParse_ThreeSlugs_ReturnsParts()
    {
        var parsed = SensorId.TryParse("houston.clay_st.weather", out var id);

        Assert.True(parsed);
        Assert.Equal(new SensorId("houston", "clay_st", "weather"), id);
        Assert.Equal("houston.clay_st.weather", id.ToString());
    }

    [Fact]
    public void TryParse_LongestPossibleId_ReturnsTrue()
    {
        var part = new string('a', 64);

        var parsed = SensorId.TryParse($"{part}.{part}.{part}", out var id);

        Assert.True(parsed);
        Assert.Equal(part, id.Type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("houston")]
    [InlineData("houston.clay_st")]
    [InlineData("houston.clay_st.weather.extra")]
    [InlineData("houston..weather")]
    [InlineData(".clay_st.weather")]
    [InlineData("houston.clay_st.")]
    [InlineData("Houston.clay_st.weather")]
    [InlineData("houston.Clay_St.weather")]
    [InlineData("houston.clay/st.weather")]
    [InlineData("houston.clay?st.weather")]
    [InlineData("houston.clay#st.weather")]
    [InlineData("houston.clay\\st.weather")]
    [InlineData("houston.clay st.weather")]
    [InlineData("houston.clay_st.weather ")]
    [InlineData("houston\n.clay_st.weather")] // See SlugTests: no newline before the end.
    [InlineData("houston.clay_st.weather\n")] // As above.
    public void TryParse_InvalidId_ReturnsFalse(string? value)
    {
        var parsed = SensorId.TryParse(value, out var id);

        Assert.False(parsed);
        Assert.Equal(default, id);
    }

    [Fact]
    public void TryCreate_ValidParts_JoinsThemWithDots()
    {
        var created = SensorId.TryCreate("houston", "clay_st", "weather", out var id);

        Assert.True(created);
        Assert.Equal("houston.clay_st.weather", id.ToString());
    }

    [Theory]
    [InlineData(null, "clay_st", "weather")]
    [InlineData("houston", null, "weather")]
    [InlineData("houston", "clay_st", null)]
    [InlineData("houston", "clay.st", "weather")]
    [InlineData("HOUSTON", "clay_st", "weather")]
    [InlineData("houston", "clay_st", "we/ather")]
    public void TryCreate_InvalidPart_ReturnsFalse(string? city, string? location, string? type)
    {
        var created = SensorId.TryCreate(city, location, type, out _);

        Assert.False(created);
    }
}
