using CitySense.Core.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Functions;

public sealed class CompatibilityFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly ISensorStore sensors = Substitute.For<ISensorStore>();
    private readonly IReadingStore readings = Substitute.For<IReadingStore>();
    private readonly Sensor sensor = TestSensors.Create(TestSensors.NewId(type: "weather"), coordinates: new Coordinates(29.7447, -95.3932));
    private readonly CompatibilityFunctions functions;

    public CompatibilityFunctionsTests()
    {
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(call => SensorWrite.Written(sensor with { Latest = call.Arg<LatestReading>() }));
        sensors.TryAdvanceLatestAsync(Arg.Is<SensorId>(id => id != sensor.Id), Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.NotFound);
        readings.TryCreateAsync(Arg.Any<Reading>(), Arg.Any<ReadingBucket>(), Arg.Any<CancellationToken>())
            .Returns(call => new IngestResult(call.Arg<Reading>(), Created: true));
        var service = new ReadingService(
            sensors, readings, new FakeTimeProvider(Now), Options.Create(new ReadingOptions()), NullLogger<ReadingService>.Instance);
        functions = new CompatibilityFunctions(service);
    }

    [Fact]
    public async Task LegacyIngestReading_JsonSentAsForm_Returns200WithTheTimestamp()
    {
        var context = HttpTestContext.Create(
            "POST", LegacyPath(), body: """{"payload":{"tempC":21}}""", contentType: "application/x-www-form-urlencoded");

        var result = await functions.LegacyIngestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(200, response.StatusCode);
        var json = response.Json;
        Assert.Equal(Timestamps.Format(Now), json.GetProperty("timestamp").GetString());
        Assert.Single(json.EnumerateObject());
        await readings.Received(1).TryCreateAsync(
            Arg.Is<Reading>(r => r.SensorId == sensor.Id && r.Payload.GetProperty("tempC").GetInt32() == 21),
            Arg.Any<ReadingBucket>(),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task LegacyIngestReading_ExtraFieldsLikeTheOldClientsSent_AreIgnored()
    {
        var context = HttpTestContext.Create("POST", LegacyPath(), body: """{"payload":{"tempC":21},"apiKey":"old","ts":1}""", contentType: null);

        var result = await functions.LegacyIngestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"payload":{}}""")]
    [InlineData("""{"payload":"21"}""")]
    public async Task LegacyIngestReading_MissingOrInvalidPayload_Returns400(string body)
    {
        var context = HttpTestContext.Create("POST", LegacyPath(), body: body);

        var result = await functions.LegacyIngestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(400, response.StatusCode);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("payload", out _));
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task LegacyIngestReading_UnknownSensor_Returns404()
    {
        var context = HttpTestContext.Create("POST", "/api/v1/weather/houston/nowhere", body: """{"payload":{"tempC":21}}""");

        var result = await functions.LegacyIngestReading(context.Request, "weather", "houston", "nowhere", CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(404, response.StatusCode);
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task LegacyIngestReading_InvalidPathSegment_Returns400ForPath()
    {
        var context = HttpTestContext.Create("POST", "/api/v1/weather/Houston/clay_st", body: """{"payload":{"tempC":21}}""");

        var result = await functions.LegacyIngestReading(context.Request, "weather", "Houston", "clay_st", CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(400, response.StatusCode);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("path", out _));
        Assert.Empty(sensors.ReceivedCalls());
    }

    [Fact]
    public async Task LegacyGetLatestReading_WithReading_ReturnsTheOldShape()
    {
        var timestamp = Now.AddMinutes(-3);
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor with
        {
            Latest = new LatestReading
            {
                Id = "r-1",
                Timestamp = timestamp,
                ReceivedAt = timestamp,
                Payload = TestSensors.Payload(19),
                SortKey = Timestamps.Format(timestamp) + "|r-1",
            },
        });
        var context = HttpTestContext.Create(path: LegacyPath());

        var result = await functions.LegacyGetLatestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);
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

        var result = await functions.LegacyGetLatestReading(context.Request, sensor.Id.Type, sensor.Id.City, sensor.Id.Location, CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(404, response.StatusCode);
    }

    private string LegacyPath() => $"/api/v1/{sensor.Id.Type}/{sensor.Id.City}/{sensor.Id.Location}";
}
