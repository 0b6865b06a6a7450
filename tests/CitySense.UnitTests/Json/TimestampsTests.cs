using System.Text;
using System.Text.Json;
using CitySense.Core.Json;

namespace CitySense.UnitTests.Json;

public sealed class TimestampsTests
{
    private static readonly JsonSerializerOptions ConverterOptions = new() { Converters = { new UtcTimestampConverter() } };

    [Theory]
    [InlineData("2026-01-31T12:00:00Z", "2026-01-31T12:00:00.0000000Z")]
    [InlineData("2026-01-31t12:00:00z", "2026-01-31T12:00:00.0000000Z")]
    [InlineData("2026-01-31T14:00:00+02:00", "2026-01-31T12:00:00.0000000Z")]
    [InlineData("2026-01-31T07:30:00-04:30", "2026-01-31T12:00:00.0000000Z")]
    [InlineData("2026-01-31T12:00:00.1234567Z", "2026-01-31T12:00:00.1234567Z")]
    [InlineData("2026-01-31T12:00:00.5+00:00", "2026-01-31T12:00:00.5000000Z")]
    public void TryParse_DateTimeWithOffset_ReturnsTheUtcInstant(string text, string expected)
    {
        var parsed = Timestamps.TryParse(text, out var value);

        Assert.True(parsed);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(expected, Timestamps.Format(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("2026-01-01T00:00:00.123")]
    [InlineData("2026-01-01")]
    [InlineData("2026-01-01 00:00:00Z")]
    [InlineData("2026-01-01T00:00Z")]
    [InlineData("2026-01-01T00:00:00.12345678Z")]
    [InlineData("2026-01-01T00:00:00+0200")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData(" 2026-01-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00Z ")]
    [InlineData("2026-01-01T00:00:00Z\n")] // A pattern ending in '$' would match before a final newline; it ends in \z.
    [InlineData("1767225600")]
    [InlineData("Thu, 01 Jan 2026 00:00:00 GMT")]
    public void TryParse_NotRfc3339WithOffset_ReturnsFalse(string? text)
    {
        var parsed = Timestamps.TryParse(text, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_LongerThan40Characters_ReturnsFalse()
    {
        var parsed = Timestamps.TryParse("2026-01-01T00:00:00Z" + new string(' ', 21), out _);

        Assert.False(parsed);
    }

    [Fact]
    public void Format_AnyOffset_WritesUtcWithSevenFractionalDigits()
    {
        var value = new DateTimeOffset(2026, 7, 4, 9, 5, 3, TimeSpan.FromHours(-5)).AddTicks(1);

        var text = Timestamps.Format(value);

        Assert.Equal("2026-07-04T14:05:03.0000001Z", text);
    }

    [Fact]
    public void Format_InstantsWithMixedOffsets_SortInTimeOrder()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] instants =
        [
            start.AddTicks(1).ToOffset(TimeSpan.FromHours(14)),
            start.AddYears(1).ToOffset(TimeSpan.FromHours(-12)),
            start.AddMilliseconds(-1).ToOffset(TimeSpan.FromHours(5.5)),
            start.AddDays(31),
            start.AddSeconds(59).ToOffset(TimeSpan.FromHours(-3)),
            start,
            new DateTimeOffset(999, 1, 1, 0, 0, 0, TimeSpan.Zero),
        ];

        var byText = instants.OrderBy(Timestamps.Format, StringComparer.Ordinal).Select(i => i.UtcTicks);
        var byTime = instants.Select(i => i.UtcTicks).Order();

        Assert.Equal(byTime, byText);
    }

    [Fact]
    public void Format_ThenTryParse_RoundTripsTheInstant()
    {
        var value = new DateTimeOffset(2026, 2, 28, 23, 59, 59, TimeSpan.FromHours(3)).AddTicks(1234567);

        var parsed = Timestamps.TryParse(Timestamps.Format(value), out var roundTripped);

        Assert.True(parsed);
        Assert.Equal(value.UtcTicks, roundTripped.UtcTicks);
    }

    [Theory]
    [InlineData("2026-01-31T12:00:00.1234567Z")]
    [InlineData("0999-01-01T00:00:00.0000000Z")]
    [InlineData("2026-12-31T23:59:59.9999999Z")]
    public void TryParseStored_StoredShape_ParsesAsTryParseDoes(string text)
    {
        Assert.True(Timestamps.TryParseStored(Encoding.UTF8.GetBytes(text), out var value));
        Assert.True(Timestamps.TryParse(text, out var expected));
        Assert.Equal(expected.UtcTicks, value.UtcTicks);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(text, Timestamps.Format(value));
    }

    [Theory]
    [InlineData("2026-01-31t12:00:00.1234567z")]
    [InlineData("2026-01-31T12:00:00.1234567+00:00")]
    [InlineData("2026-01-31T12:00:00.123456Z")]
    [InlineData("2026-01-31T12:00:00.12345678Z")]
    [InlineData("2026-01-31T12:00:00Z")]
    [InlineData("2026/01/31T12:00:00.1234567Z")]
    [InlineData("2026-01-31T23:59:60.0000000Z")]
    [InlineData("0000-01-01T00:00:00.0000000Z")]
    [InlineData("2026-02-30T12:00:00.1234567Z")]
    [InlineData("2026-01-31T12:00:00.1234567 ")]
    public void TryParseStored_NotTheStoredShapeOrNotADate_False(string text)
    {
        Assert.False(Timestamps.TryParseStored(Encoding.UTF8.GetBytes(text), out _));
    }

    /// <summary>The converter's in-place path for stored timestamps answers exactly what the full rules answer.</summary>
    [Theory]
    [InlineData("2026-01-31T12:00:00.1234567Z")]
    [InlineData("0999-01-01T00:00:00.0000000Z")]
    [InlineData("2026-01-31T12:00:00Z")]
    [InlineData("2026-01-31t12:00:00.1234567z")]
    [InlineData("2026-01-31T14:00:00.1234567+02:00")]
    [InlineData("2026-02-30T12:00:00.1234567Z")]
    [InlineData("2026-01-31T12:00:00.123456xZ")]
    [InlineData("2026-01-31T12:00:00.12345678Z")]
    [InlineData("2026-01-31T12:00:00.1234567Z ")]
    [InlineData("2026-01-31 12:00:00.1234567Z")]
    [InlineData("\\u0032026-01-31T12:00:00.1234567Z")]
    public void Converter_StoredShapeOrNot_ReadsAsTryParseDoes(string text)
    {
        var json = $"\"{text}\"";
        var expected = Timestamps.TryParse(JsonSerializer.Deserialize<string>(json), out var value) ? value : (DateTimeOffset?)null;

        DateTimeOffset? read;
        try
        {
            read = JsonSerializer.Deserialize<DateTimeOffset>(json, ConverterOptions);
        }
        catch (JsonException)
        {
            read = null;
        }

        Assert.Equal(expected?.UtcTicks, read?.UtcTicks);
        Assert.Equal(expected?.Offset, read?.Offset);
    }

    [Fact]
    public void Converter_Write_WritesTheStoredShape()
    {
        var value = new DateTimeOffset(2026, 7, 4, 9, 5, 3, TimeSpan.FromHours(-5)).AddTicks(1);

        Assert.Equal("\"2026-07-04T14:05:03.0000001Z\"", JsonSerializer.Serialize(value, ConverterOptions));
        Assert.Equal(Timestamps.StorageLength, Timestamps.Format(value).Length);
    }
}
