using CitySense.Core.Readings;

namespace CitySense.UnitTests.Readings;

public sealed class ReadingIdTests
{
    [Theory]
    [InlineData("r1")]
    [InlineData("A")]
    [InlineData("2026-01-31T12:00:00Z")]
    [InlineData("station.7_batch:42-b")]
    public void IsValid_AllowedCharacters_ReturnsTrue(string value)
    {
        var valid = ReadingId.IsValid(value);

        Assert.True(valid);
    }

    [Fact]
    public void IsValid_128Characters_ReturnsTrue()
    {
        var valid = ReadingId.IsValid(new string('r', 128));

        Assert.True(valid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-r1")]
    [InlineData(".r1")]
    [InlineData("r/1")]
    [InlineData("r?1")]
    [InlineData("r#1")]
    [InlineData("r\\1")]
    [InlineData("r 1")]
    [InlineData("r|1")]
    [InlineData("r1\n")] // A pattern ending in '$' would match before a final newline; it ends in \z.
    public void IsValid_DisallowedValue_ReturnsFalse(string? value)
    {
        var valid = ReadingId.IsValid(value);

        Assert.False(valid);
    }

    [Fact]
    public void IsValid_129Characters_ReturnsFalse()
    {
        var valid = ReadingId.IsValid(new string('r', 129));

        Assert.False(valid);
    }

    [Fact]
    public void New_TwoIds_AreValidAndDistinct()
    {
        var first = ReadingId.New();
        var second = ReadingId.New();

        Assert.True(ReadingId.IsValid(first));
        Assert.True(ReadingId.IsValid(second));
        Assert.NotEqual(first, second);
    }
}
