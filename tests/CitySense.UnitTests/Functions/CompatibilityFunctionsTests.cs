using CitySense.Core.Json;
using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.UnitTests.Functions;

public sealed class CompatibilityFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);
    private readonly Sensor sensor;

    public CompatibilityFunctionsTests()
    {
        sensor = services.AddSensor(coordinates: new Coordinates(29.7447, -95.3932), type: "weather");
    }

    [Fact]
    public async Task LegacyIngestReading_JsonSentAsForm_Returns200WithTheTimestampAndStoresTheReading()
    {
        var context = HttpTestContext.Create(
            "POST", LegacyPath(), body: """{"payload":{"tempC":21}}""", contentType: "application/x-www-form-urlencoded");

        var result = await services.CompatibilityFunctions.LegacyIngestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);

        var ok = Assert.IsType<Ok<LegacyIngestResponse>>(result.Result);
        Assert.Equal(Now, ok.Value!.Timestamp);
        var stored = Assert.Single(services.Readings.All);
        Assert.Equal(sensor.Id, stored.SensorId);
        Assert.Equal(21, stored.Payload.GetProperty("tempC").GetInt32());
    }

    // The bytes on the wire are the point: the old clients read exactly {"timestamp": ...}.
    [Fact]
    public async Task LegacyIngestReading_Stored_WritesOnlyTheTimestamp()
    {
        var context = HttpTestContext.Create("POST", LegacyPath(), body: """{"payload":{"tempC":21}}""");

        var result = await services.CompatibilityFunctions.LegacyIngestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(200, response.StatusCode);
        var json = response.Json;
        Assert.Equal(Timestamps.Format(Now), json.GetProperty("timestamp").GetString());
        Assert.Single(json.EnumerateObject());
    }

    [Fact]
    public async Task LegacyIngestReading_ExtraFieldsLikeTheOldClientsSent_AreIgnored()
    {
        var context = HttpTestContext.Create("POST", LegacyPath(), body: """{"payload":{"tempC":21},"apiKey":"old","ts":1}""", contentType: null);

        var result = await services.CompatibilityFunctions.LegacyIngestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);

        Assert.IsType<Ok<LegacyIngestResponse>>(result.Result);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"payload":{}}""")]
    [InlineData("""{"payload":"21"}""")]
    public async Task LegacyIngestReading_MissingOrInvalidPayload_Returns400(string body)
    {
        var context = HttpTestContext.Create("POST", LegacyPath(), body: body);

        var result = await services.CompatibilityFunctions.LegacyIngestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);

        ProblemAssert.Field(result.Result, "payload");
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task LegacyIngestReading_UnknownSensor_Returns404()
    {
        var context = HttpTestContext.Create("POST", "/api/v1/weather/houston/nowhere", body: """{"payload":{"tempC":21}}""");

        var result = await services.CompatibilityFunctions.LegacyIngestReading(context.Request, "weather", "houston", "nowhere", CancellationToken.None);

        ProblemAssert.Result(result.Result, 404, "not-found");
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task LegacyIngestReading_InvalidPathSegment_Returns400ForPath()
    {
        var context = HttpTestContext.Create("POST", "/api/v1/weather/Houston/clay_st", body: """{"payload":{"tempC":21}}""");

        var result = await services.CompatibilityFunctions.LegacyIngestReading(context.Request, "weather", "Houston", "clay_st", CancellationToken.None);

        ProblemAssert.Field(result.Result, "path");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task LegacyGetLatestReading_WithReading_ReturnsTheOldShape()
    {
        var timestamp = Now.AddMinutes(-3);
        var withReading = services.Sensors.Add(sensor with { Latest = TestReadings.Latest("r-1", timestamp, payload: TestSensors.Payload(19)) });

        var result = await services.CompatibilityFunctions.LegacyGetLatestReading(
            HttpTestContext.Create(path: LegacyPath()).Request, withReading.Id.Type, withReading.Id.City, withReading.Id.Location, CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<Ok<LegacyReadingResponse>>>(result.Result);
        Assert.Equal("public, max-age=5", cacheable.CacheControl);
        Assert.Equal(ETags.ForJson(cacheable.Result.Value), cacheable.ETag);
        var reading = cacheable.Result.Value!;
        Assert.Equal(timestamp, reading.Timestamp);
        Assert.Equal(19, reading.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(29.7447, reading.Location.Lat);
        Assert.Equal(-95.3932, reading.Location.Longitude);
    }

    // The bytes on the wire are the point: the old shape, in the old order, with "long" for longitude.
    [Fact]
    public async Task LegacyGetLatestReading_WithReading_WritesTheOldJson()
    {
        var timestamp = Now.AddMinutes(-3);
        services.Sensors.Add(sensor with { Latest = TestReadings.Latest("r-1", timestamp, payload: TestSensors.Payload(19)) });
        var context = HttpTestContext.Create(path: LegacyPath());

        var result = await services.CompatibilityFunctions.LegacyGetLatestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(200, response.StatusCode);
        var json = response.Json;
        Assert.Equal(["timestamp", "payload", "location"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Timestamps.Format(timestamp), json.GetProperty("timestamp").GetString());
        Assert.Equal(19, json.GetProperty("payload").GetProperty("tempC").GetDouble());
        Assert.Equal(29.7447, json.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.Equal(-95.3932, json.GetProperty("location").GetProperty("long").GetDouble());
    }

    [Fact]
    public async Task LegacyGetLatestReading_NoReadingYet_Returns404()
    {
        var context = HttpTestContext.Create(path: LegacyPath());

        var result = await services.CompatibilityFunctions.LegacyGetLatestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);

        ProblemAssert.Result(result.Result, 404, "not-found");
    }

    private string LegacyPath() => $"/api/v1/{sensor.Id.Type}/{sensor.Id.City}/{sensor.Id.Location}";
}
