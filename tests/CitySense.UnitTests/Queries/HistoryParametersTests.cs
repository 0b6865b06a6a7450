using CitySense.Core;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Queries;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Queries;

public sealed class HistoryParametersTests
{
    private static readonly SensorId Sensor = new("houston", "clay_st", "weather");

    [Fact]
    public void ParsePage_Nothing_ReturnsTheWholeRetentionInPagesOfTheDefaultSize()
    {
        var parsed = HistoryParameters.ParsePage(Sensor.ToString(), QueryStrings.Parse(string.Empty));

        Assert.Equal(new HistoryQuery(Sensor, null, null, ApiLimits.DefaultReadingPageSize), parsed.Value);
    }

    [Fact]
    public void ParsePage_RangeLimitAndCursor_PassesThemOnTyped()
    {
        var parsed = HistoryParameters.ParsePage(
            Sensor.ToString(),
            QueryStrings.Parse("?from=2026-01-30T02:00:00%2B02:00&to=2026-01-31T00:00:00Z&limit=5&cursor=abc"));

        Assert.Equal(
            new HistoryQuery(
                Sensor,
                new DateTimeOffset(2026, 1, 30, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero),
                5,
                "abc"),
            parsed.Value);
    }

    [Fact]
    public void ParsePage_FromEqualsTo_IsAValidRange()
    {
        var parsed = HistoryParameters.ParsePage(Sensor.ToString(), QueryStrings.Parse("?from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z"));

        Assert.True(parsed.Succeeded, parsed.Problem?.Detail);
    }

    [Fact]
    public void ParsePage_FromAfterTo_ReturnsValidationForFrom()
    {
        var parsed = HistoryParameters.ParsePage(Sensor.ToString(), QueryStrings.Parse("?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"));

        ProblemAssert.Validation(parsed, "from");
    }

    [Theory]
    [InlineData("?from=2026-03-01T00:00:00", "from")]
    [InlineData("?to=yesterday", "to")]
    public void ParsePage_TimeWithoutOffset_ReturnsValidationNamingIt(string query, string field)
    {
        var parsed = HistoryParameters.ParsePage(Sensor.ToString(), QueryStrings.Parse(query));

        ProblemAssert.Validation(parsed, field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("abc")]
    public void ParsePage_InvalidLimit_ReturnsValidationForLimit(string limit)
    {
        var parsed = HistoryParameters.ParsePage(Sensor.ToString(), QueryStrings.Parse($"?limit={limit}"));

        ProblemAssert.Validation(parsed, "limit");
    }

    [Fact]
    public void ParsePage_InvalidSensorIdAndLimit_NamesBoth()
    {
        var parsed = HistoryParameters.ParsePage("houston/clay_st", QueryStrings.Parse("?limit=0"));

        Assert.Equal(["limit", "sensorId"], parsed.Problem!.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ParseRange_FromAndTo_ReturnsTheRangeIgnoringPaging()
    {
        var parsed = HistoryParameters.ParseRange(Sensor.ToString(), QueryStrings.Parse("?from=2026-01-30T00:00:00Z&limit=0&cursor=abc"));

        Assert.Equal(new ReadingRange(Sensor, new DateTimeOffset(2026, 1, 30, 0, 0, 0, TimeSpan.Zero), null), parsed.Value);
    }

    [Fact]
    public void ParseRange_FromAfterTo_ReturnsValidationForFrom()
    {
        var parsed = HistoryParameters.ParseRange(Sensor.ToString(), QueryStrings.Parse("?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"));

        ProblemAssert.Validation(parsed, "from");
    }

    [Fact]
    public void ParseRange_InvalidSensorId_ReturnsValidationForSensorId()
    {
        var parsed = HistoryParameters.ParseRange("Houston.clay_st.weather", QueryStrings.Parse(string.Empty));

        ProblemAssert.Validation(parsed, "sensorId");
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("format=csv", null, true)]
    [InlineData("format=CSV", null, true)]
    [InlineData("format=json", null, false)]
    [InlineData(null, "text/csv", true)]
    [InlineData(null, "application/json, text/csv;q=0.5", true)]
    [InlineData(null, "application/json", false)]
    [InlineData(null, "*/*", false)]
    [InlineData("format=json", "text/csv", false)]
    [InlineData("format=csv", "application/json", true)]
    public void WantsCsv_FormatOrAccept_DecidesFormatFirst(string? query, string? accept, bool expected)
    {
        var context = HttpTestContext.Create(query: query is null ? null : "?" + query);
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        var wants = HistoryParameters.WantsCsv(context.Request);

        Assert.Equal(expected, wants.Value);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("csv2")]
    public void WantsCsv_UnknownFormat_ReturnsValidationForFormat(string format)
    {
        var context = HttpTestContext.Create(query: "?format=" + format);

        var wants = HistoryParameters.WantsCsv(context.Request);

        ProblemAssert.Validation(wants, "format");
    }

    [Theory]
    [InlineData("text/csv;;;=")]
    [InlineData("???")]
    [InlineData(",,,")]
    [InlineData("text/csv, ???")]
    public void WantsCsv_MalformedAccept_AnswersWithoutFailing(string accept)
    {
        var context = HttpTestContext.Create();
        context.Request.Headers.Accept = accept;

        var wants = HistoryParameters.WantsCsv(context.Request);

        Assert.True(wants.Succeeded);
    }
}
