using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http;

namespace CitySense.UnitTests.Functions.Http;

public sealed class WithHeadersTests
{
    [Fact]
    public void WithHeader_OnAResult_KeepsTheResultAndItsStatus()
    {
        var ok = TypedResults.Ok("body");

        var result = ok.WithHeader("ETag", "\"0123456789abcdef\"");

        Assert.Same(ok, result.Result);
        Assert.Equal(200, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Same(ok, ((INestedHttpResult)result).Result);
        Assert.Equal([KeyValuePair.Create("ETag", "\"0123456789abcdef\"")], result.Headers);
    }

    [Fact]
    public void Header_NameInAnotherCase_ReturnsTheValue()
    {
        var result = TypedResults.NoContent().WithHeader("ETag", "\"a\"");

        Assert.Equal("\"a\"", result.Header("etag"));
        Assert.Null(result.Header("Link"));
    }

    [Fact]
    public void WithHeader_SameNameInAnotherCase_TheLastValueWins()
    {
        var result = TypedResults.NoContent().WithHeader("etag", "\"a\"").WithHeader("ETag", "\"b\"");

        Assert.Equal("\"b\"", result.Header("ETag"));
    }

    [Fact]
    public void WithHeader_Again_ReturnsANewResultAndLeavesTheFirstAsItWas()
    {
        var first = TypedResults.NoContent().WithHeader("ETag", "\"a\"");

        var second = first.WithHeader("Link", "</next>; rel=\"next\"");

        Assert.Single(first.Headers);
        Assert.Equal(2, second.Headers.Count);
        Assert.Same(first.Result, second.Result);
    }

    [Fact]
    public void WithoutHeaders_OnAResult_HasNone()
    {
        var result = TypedResults.Ok(1).WithoutHeaders();

        Assert.Empty(result.Headers);
        Assert.Null(result.Header("Link"));
    }

    [Fact]
    public async Task ExecuteAsync_SameNameInAnotherCase_WritesOnlyTheLastValue()
    {
        var result = TypedResults.NoContent().WithHeader("etag", "\"a\"").WithHeader("ETag", "\"b\"");

        var response = await HttpTestContext.ExecuteAsync(result);

        Assert.Equal("\"b\"", response.Header("ETag"));
        Assert.Single(response.Headers["ETag"]);
    }

    // The bytes on the wire are the point: the API's JSON options (camelCase, enums as camelCase strings, UTC
    // timestamps, nulls left out) apply to every typed result.
    [Fact]
    public async Task ExecuteAsync_CreatedWithBody_WritesStatusHeadersAndCamelCaseJson()
    {
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
            ETag = "\"0123456789abcdef\"",
        };
        var result = TypedResults.Created("/api/sensors/houston.clay_st.weather", body).WithHeader("ETag", "\"0123456789abcdef\"");

        var response = await HttpTestContext.ExecuteAsync(result);

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
        Assert.Equal("\"0123456789abcdef\"", json.GetProperty("etag").GetString());
        Assert.False(json.TryGetProperty("metadata", out _));
        Assert.False(json.TryGetProperty("distanceMeters", out _));
        Assert.False(json.TryGetProperty("Id", out _));
    }

    [Fact]
    public async Task ExecuteAsync_NoContent_WritesStatusOnly()
    {
        var response = await HttpTestContext.ExecuteAsync(TypedResults.NoContent().WithoutHeaders());

        Assert.Equal(204, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task ExecuteAsync_Text_KeepsNonAsciiAndApostrophesReadable()
    {
        var response = await HttpTestContext.ExecuteAsync(TypedResults.Ok(new HealthResponse("l'été", "1.0")).WithoutHeaders());

        Assert.Contains("\"status\":\"l'été\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusCode_OfAProblemInside_IsTheProblemsStatus()
    {
        var context = HttpTestContext.Create();
        var problem = ProblemResults.For(CitySense.Core.Problems.Problem.NotFound("Gone."), context.Request);

        var result = problem.WithHeader("X-Test", "1");

        Assert.Equal(404, ((IStatusCodeHttpResult)result).StatusCode);
    }

    [Fact]
    public void StatusCode_OfAResultWithoutOne_IsNull()
    {
        var result = new EmptyHttpResultWithoutStatus().WithHeader("X-Test", "1");

        Assert.Null(((IStatusCodeHttpResult)result).StatusCode);
    }

    private sealed class EmptyHttpResultWithoutStatus : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Task.CompletedTask;
    }
}
