using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Functions;

public sealed class ReadingFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly ISensorStore sensors = Substitute.For<ISensorStore>();
    private readonly IReadingStore readings = Substitute.For<IReadingStore>();
    private readonly Sensor sensor = TestSensors.Create(TestSensors.NewId());
    private readonly ReadingFunctions functions;

    public ReadingFunctionsTests()
    {
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(call => SensorWrite.Written(sensor with { Latest = call.Arg<LatestReading>() }));
        readings.TryCreateAsync(Arg.Any<Reading>(), Arg.Any<ReadingBucket>(), Arg.Any<CancellationToken>())
            .Returns(call => new IngestResult(call.Arg<Reading>(), Created: true));
        readings.ListAsync(Arg.Any<ReadingBucket>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(Array.Empty<Reading>());
        var service = new ReadingService(
            sensors, readings, new FakeTimeProvider(Now), Options.Create(new ReadingOptions()), NullLogger<ReadingService>.Instance);
        functions = new ReadingFunctions(service);
    }

    [Fact]
    public async Task IngestReading_NewReading_Returns201WithTheStoredReading()
    {
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """
            {"id":"r-1","timestamp":"2026-01-31T13:59:00+02:00","payload":{"tempC":21.5,"unit":"C"}}
            """);

        var response = await HttpTestContext.ExecuteAsync(await functions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(201, response.StatusCode);
        var json = response.Json;
        Assert.Equal("r-1", json.GetProperty("id").GetString());
        Assert.Equal(sensor.Id.ToString(), json.GetProperty("sensorId").GetString());
        Assert.Equal("2026-01-31T11:59:00.0000000Z", json.GetProperty("timestamp").GetString());
        Assert.Equal("2026-01-31T12:00:00.0000000Z", json.GetProperty("receivedAt").GetString());
        Assert.Equal(21.5, json.GetProperty("payload").GetProperty("tempC").GetDouble());
        Assert.Equal(sensor.Coordinates.Lat, json.GetProperty("coordinates").GetProperty("lat").GetDouble());
        Assert.False(json.TryGetProperty("sortKey", out _));
    }

    [Fact]
    public async Task IngestReading_AlreadyStored_Returns200WithTheOriginal()
    {
        readings.TryCreateAsync(Arg.Any<Reading>(), Arg.Any<ReadingBucket>(), Arg.Any<CancellationToken>())
            .Returns(call => new IngestResult(call.Arg<Reading>() with { ReceivedAt = Now.AddMinutes(-1) }, Created: false));
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """{"id":"r-1","payload":{"tempC":21.5}}""");

        var response = await HttpTestContext.ExecuteAsync(await functions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("2026-01-31T11:59:00.0000000Z", response.Json.GetProperty("receivedAt").GetString());
    }

    [Fact]
    public async Task IngestReading_TimestampTooFarAhead_Returns400AndStoresNothing()
    {
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """{"timestamp":"2026-01-31T12:06:00Z","payload":{"tempC":21.5}}""");

        var response = await HttpTestContext.ExecuteAsync(await functions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(400, response.StatusCode);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("timestamp", out _));
        Assert.Empty(readings.ReceivedCalls());
        Assert.Empty(sensors.ReceivedCalls());
    }

    [Fact]
    public async Task IngestReading_BodyOver64KB_Returns413()
    {
        var body = "{\"payload\":{\"v\":\"" + new string('x', 64 * 1024) + "\"}}";
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: body, sendContentLength: false);

        var response = await HttpTestContext.ExecuteAsync(await functions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("urn:citysense:problem:payload-too-large", response.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task IngestReading_InactiveSensor_Returns409SensorInactive()
    {
        sensors.TryAdvanceLatestAsync(sensor.Id, Arg.Any<LatestReading>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor with { Status = SensorStatus.Inactive });
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """{"payload":{"tempC":21.5}}""");

        var response = await HttpTestContext.ExecuteAsync(await functions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(409, response.StatusCode);
        Assert.Equal("urn:citysense:problem:sensor-inactive", response.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetLatestReading_NoReadings_Returns404()
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings/latest");

        var response = await HttpTestContext.ExecuteAsync(await functions.GetLatestReading(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(404, response.StatusCode);
        Assert.Contains("no readings", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListReadings_Query_PassesRangeAndLimitToTheService()
    {
        var context = HttpTestContext.Create(
            path: $"/api/sensors/{sensor.Id}/readings",
            query: "?from=2026-01-30T00:00:00Z&to=2026-01-31T00:00:00Z&limit=5");

        var response = await HttpTestContext.ExecuteAsync(await functions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Json.GetProperty("items").EnumerateArray());
        Assert.Null(response.Header("Link"));
        await readings.Received(1).ListAsync(
            Arg.Is<ReadingBucket>(b => b.Year == 2026 && b.Month == 1),
            "2026-01-30T00:00:00.0000000Z",
            "2026-01-31T00:00:00.0000000Z|~",
            6,
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ListReadings_FromWithoutOffset_Returns400()
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: "?from=2026-01-30T00:00:00");

        var response = await HttpTestContext.ExecuteAsync(await functions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(400, response.StatusCode);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("from", out _));
    }
}
