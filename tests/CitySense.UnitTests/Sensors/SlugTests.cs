using CitySense.Core.Sensors;

namespace CitySense.UnitTests.Sensors;

public sealed class SlugTests
{
    [Theory]
    [InlineData("houston")]
    [InlineData("clay_st")]
    [InlineData("no2-meter")]
    [InlineData("7")]
    public void IsValid_LowercaseSlug_ReturnsTrue(string value)
    {
        var valid = Slug.IsValid(value);

        Assert.True(valid);
    }

    [Fact]
    public void IsValid_SixtyFourCharacters_ReturnsTrue()
    {
        var valid = Slug.IsValid(new string('a', 64));

        Assert.True(valid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Houston")]
    [InlineData("clay st")]
    [InlineData("clay.st")]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a\\b")]
    [InlineData("straße")]
    [InlineData("houston\n")] // A pattern ending in '$' would match before a final newline; it ends in \z.
    [InlineData("houston\r\n")]
    public void IsValid_NotASlug_ReturnsFalse(string? value)
    {
        var valid = Slug.IsValid(value);

        Assert.False(valid);
    }

    [Fact]
    public void IsValid_SixtyFiveCharacters_ReturnsFalse()
    {
        var valid = Slug.IsValid(new string('a', 65));

        Assert.False(valid);
    }
}
