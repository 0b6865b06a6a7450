using System.Buffers.Text;
using System.Text;
using CitySense.Core;
using CitySense.Core.Geo;
using CitySense.Core.Paging;
using CitySense.Core.Sensors;

namespace CitySense.UnitTests.Paging;

public sealed class CursorCodecTests
{
    [Fact]
    public void Encode_ThenTryDecode_ReturnsAnEqualCursor()
    {
        var cursor = new SensorListCursor("houston.clay_st.weather", "houston", null, SensorStatus.Active, new BoundingBox(-96, 29, -95, 30));

        var text = CursorCodec.Encode(cursor);
        var decoded = CursorCodec.TryDecode<SensorListCursor>(text, out var roundTripped);

        Assert.True(decoded);
        Assert.Equal(cursor, roundTripped);
    }

    [Fact]
    public void Encode_Cursor_IsUrlSafe()
    {
        // Bytes that standard base64 would write as '+', '/' and '=' padding.
        var cursor = new SensorListCursor("ÿÿÿ>>>???", "~~", null, null, null);

        var text = CursorCodec.Encode(cursor);

        Assert.DoesNotContain('+', text);
        Assert.DoesNotContain('/', text);
        Assert.DoesNotContain('=', text);
    }

    [Fact]
    public void TryDecode_AtTheLengthLimit_Succeeds()
    {
        var text = CursorOfLength(ApiLimits.MaxCursorLength);

        var decoded = CursorCodec.TryDecode<SensorListCursor>(text, out _);

        Assert.True(decoded);
    }

    [Fact]
    public void TryDecode_LongerThanTheLimit_ReturnsFalse()
    {
        // The shortest valid base64url text past 2048 characters: no unpadded base64url text has 2049.
        var text = CursorOfLength(ApiLimits.MaxCursorLength + 2);

        var decoded = CursorCodec.TryDecode<SensorListCursor>(text, out var cursor);

        Assert.False(decoded);
        Assert.Null(cursor);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("abc+def/")]
    [InlineData("a")]
    [InlineData("%7B%7D")]
    public void TryDecode_NotBase64Url_ReturnsFalse(string? text)
    {
        var decoded = CursorCodec.TryDecode<SensorListCursor>(text, out var cursor);

        Assert.False(decoded);
        Assert.Null(cursor);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"houston.clay_st.weather\"")]
    [InlineData("{\"after\":5}")]
    [InlineData("{\"after\":")]
    [InlineData("not json at all")]
    public void TryDecode_JsonOfTheWrongShape_ReturnsFalse(string json)
    {
        var text = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

        var decoded = CursorCodec.TryDecode<SensorListCursor>(text, out var cursor);

        Assert.False(decoded);
        Assert.Null(cursor);
    }

    // A JSON object that lacks the cursor's fields must not decode to a record of nulls (see HistoryServiceListTests).
    [Theory]
    [InlineData("{}")]
    [InlineData("{\"after\":null}")]
    [InlineData("{\"unrelated\":1}")]
    public void TryDecode_ObjectWithoutTheCursorFields_ReturnsFalse(string json)
    {
        var text = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

        var decoded = CursorCodec.TryDecode<SensorListCursor>(text, out var cursor);

        Assert.False(decoded);
        Assert.Null(cursor);
    }

    [Fact]
    public void TryDecode_RandomBytes_NeverThrows()
    {
        var random = new Random(20260131);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            var text = Base64Url.EncodeToString(bytes);

            var exception = Record.Exception(() => CursorCodec.TryDecode<SensorListCursor>(text, out _));

            Assert.Null(exception);
        }
    }

    [Fact]
    public void TryDecode_RandomText_NeverThrows()
    {
        var random = new Random(7071);
        for (var i = 0; i < 2000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 120)).Select(_ => (char)random.Next(32, 127))]);

            var exception = Record.Exception(() => CursorCodec.TryDecode<SensorListCursor>(text, out _));

            Assert.Null(exception);
        }
    }

    private static string CursorOfLength(int length)
    {
        for (var size = 1; size < length; size++)
        {
            var text = CursorCodec.Encode(new SensorListCursor(new string('a', size), null, null, null, null));
            if (text.Length == length)
            {
                return text;
            }
        }

        throw new InvalidOperationException($"No cursor of exactly {length} characters.");
    }
}
