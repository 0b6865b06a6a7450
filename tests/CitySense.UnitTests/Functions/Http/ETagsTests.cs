using System.Text;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.Net.Http.Headers;

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

    [Fact]
    public void ForContent_Bytes_QuotedFirst128BitsOfSha256InHex()
    {
        // SHA-256 of "abc" begins ba7816bf8f01cfea414140de5dae2223.
        Assert.Equal("\"ba7816bf8f01cfea414140de5dae2223\"", ETags.ForContent(Encoding.UTF8.GetBytes("abc")));
    }

    [Fact]
    public void ForJson_EqualValues_SameTag()
    {
        Assert.Equal(ETags.ForJson(new { id = "r-1", tempC = 21.5 }), ETags.ForJson(new { id = "r-1", tempC = 21.5 }));
    }

    [Fact]
    public void ForJson_AnyValueDiffers_AnotherTag()
    {
        Assert.NotEqual(ETags.ForJson(new { id = "r-1", tempC = 21.5 }), ETags.ForJson(new { id = "r-1", tempC = 21.6 }));
    }

    [Fact]
    public void ForJson_TheApisSerialization_TagOfTheBytesSent()
    {
        Assert.Equal(ETags.ForContent(Encoding.UTF8.GetBytes("""{"sensorId":"a.b.c"}""")), ETags.ForJson(new { SensorId = "a.b.c", Unset = (string?)null }));
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"x\", \"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("\"abcd\"", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void NoneMatchNames_WeakComparison(string ifNoneMatch, bool expected)
    {
        var parsed = EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags) ? tags : [];

        Assert.Equal(expected, ETags.NoneMatchNames(parsed, "\"abc\""));
    }
}
