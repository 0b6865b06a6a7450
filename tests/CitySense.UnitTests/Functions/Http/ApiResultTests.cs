using CitySense.Core.Sensors;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Functions.Http;

public sealed class ApiResultTests
{
    [Fact]
    public async Task ExecuteResultAsync_WithBody_WritesStatusHeadersAndCamelCaseJson()
    {
        var context = HttpTestContext.Create();
        var body = new SensorResponse
        {
            Id = "houston.clay_st.weather",
            City = "houston",
            Location = "clay_st",
            Type = "weather",
            Coordinates = new Coordinates(29.76, -95.37),
            Status = SensorStatus.Inactive,
            CreatedAt = new DateTimeOffset(2026, 1, 31, 14, 0, 0, TimeSpan.FromHours(2)),
            UpdatedAt = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero),
        };
        var result = new ApiResult(201, body).WithHeader("ETag", "\"0123456789abcdef\"").WithHeader("Location", "/api/sensors/houston.clay_st.weather");

        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal("\"0123456789abcdef\"", response.Header("ETag"));
        Assert.Equal("/api/sensors/houston.clay_st.weather", response.Header("Location"));
        var json = response.Json;
        Assert.Equal("houston.clay_st.weather", json.GetProperty("id").GetString());
        Assert.Equal(29.76, json.GetProperty("coordinates").GetProperty("lat").GetDouble());
        Assert.Equal(-95.37, json.GetProperty("coordinates").GetProperty("lon").GetDouble());
        Assert.Equal("inactive", json.GetProperty("status").GetString());
        Assert.Equal("2026-01-31T12:00:00.0000000Z", json.GetProperty("createdAt").GetString());
        Assert.False(json.TryGetProperty("metadata", out _));
        Assert.False(json.TryGetProperty("Id", out _));
    }

    [Fact]
    public async Task ExecuteResultAsync_WithoutBody_WritesStatusOnly()
    {
        var context = HttpTestContext.Create();

        var response = await HttpTestContext.ExecuteAsync(new ApiResult(204), context);

        Assert.Equal(204, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Empty(response.Body);
    }

    [Fact]
    public void WithHeader_SameNameInAnotherCase_ReplacesTheValue()
    {
        var result = new ApiResult(200).WithHeader("etag", "\"a\"").WithHeader("ETag", "\"b\"");

        Assert.Equal("\"b\"", Assert.Single(result.Headers).Value);
    }
}
