using CitySense.Functions.Http;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Functions.Http;

public sealed class ETagsTests
{
    [Fact]
    public void For_Sensor_QuotesItsVersion()
    {
        var sensor = TestSensors.Create(TestSensors.NewId());

        var etag = ETags.For(sensor);

        Assert.Equal($"\"{sensor.Version}\"", etag);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData(" * ")]
    public void TryGetRequiredVersions_AbsentOrStar_ReturnsFalse(string? ifMatch)
    {
        var required = ETags.TryGetRequiredVersions(ifMatch, out var versions);

        Assert.False(required);
        Assert.Empty(versions);
    }

    [Fact]
    public void TryGetRequiredVersions_StrongTag_ReturnsItsValue()
    {
        var required = ETags.TryGetRequiredVersions("\"0123456789abcdef\"", out var versions);

        Assert.True(required);
        Assert.Equal(["0123456789abcdef"], versions);
    }

    [Fact]
    public void TryGetRequiredVersions_SeveralTags_ReturnsEach()
    {
        var required = ETags.TryGetRequiredVersions("\"aaaaaaaaaaaaaaaa\" , \"bbbbbbbbbbbbbbbb\"", out var versions);

        Assert.True(required);
        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], versions);
    }

    [Theory]
    [InlineData("W/\"0123456789abcdef\"")]
    [InlineData("0123456789abcdef")]
    [InlineData("\"")]
    public void TryGetRequiredVersions_WeakOrUnquotedTag_RequiresAVersionNothingMatches(string ifMatch)
    {
        var required = ETags.TryGetRequiredVersions(ifMatch, out var versions);

        Assert.True(required);
        Assert.Empty(versions);
    }
}
