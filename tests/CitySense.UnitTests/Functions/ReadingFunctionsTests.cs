using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.UnitTests.Functions;

public sealed class ReadingFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);
    private readonly Sensor sensor;

    public ReadingFunctionsTests()
    {
        sensor = services.AddSensor();
    }

    [Fact]
    public async Task IngestReading_NewReading_Returns201WithTheStoredReading()
    {
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """
            {"id":"r-1","timestamp":"2026-01-31T13:59:00+02:00","payload":{"tempC":21.5,"unit":"C"}}
            """);

        var result = await services.ReadingFunctions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var created = Assert.IsType<Created<ReadingResponse>>(result.Result);
        Assert.Equal(201, created.StatusCode);
        var reading = created.Value!;
        Assert.Equal("r-1", reading.Id);
        Assert.Equal(sensor.Id.ToString(), reading.SensorId);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 11, 59, 0, TimeSpan.Zero), reading.Timestamp);
        Assert.Equal(Now, reading.ReceivedAt);
        Assert.Equal(21.5, reading.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(sensor.Coordinates, reading.Coordinates);
        Assert.Equal("r-1", Assert.Single(services.Readings.All).Id);
    }

    // The bytes on the wire are the point: UTC timestamps in the stored format and no sort key.
    [Fact]
    public async Task IngestReading_NewReading_WritesUtcTimestampsAndNoSortKey()
    {
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """
            {"id":"r-1","timestamp":"2026-01-31T13:59:00+02:00","payload":{"tempC":21.5}}
            """);

        var response = await HttpTestContext.ExecuteAsync(await services.ReadingFunctions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(201, response.StatusCode);
        var json = response.Json;
        Assert.Equal("2026-01-31T11:59:00.0000000Z", json.GetProperty("timestamp").GetString());
        Assert.Equal("2026-01-31T12:00:00.0000000Z", json.GetProperty("receivedAt").GetString());
        Assert.Equal(sensor.Coordinates.Lat, json.GetProperty("coordinates").GetProperty("lat").GetDouble());
        Assert.False(json.TryGetProperty("sortKey", out _));
        Assert.Null(response.Header("Location"));
    }

    [Fact]
    public async Task IngestReading_AlreadyStored_Returns200WithTheOriginal()
    {
        var original = services.AddReading(sensor, "r-1", Now.AddMinutes(-1), receivedAt: Now.AddMinutes(-1));
        services.Sensors.Add(sensor with { Latest = TestReadings.AsLatest(original) });
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """{"id":"r-1","timestamp":"2026-01-31T11:59:00Z","payload":{"tempC":21.5}}""");

        var result = await services.ReadingFunctions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var ok = Assert.IsType<Ok<ReadingResponse>>(result.Result);
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(Now.AddMinutes(-1), ok.Value!.ReceivedAt);
    }

    [Fact]
    public async Task IngestReading_TimestampTooFarAhead_Returns400AndStoresNothing()
    {
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: """{"timestamp":"2026-01-31T12:06:00Z","payload":{"tempC":21.5}}""");

        var result = await services.ReadingFunctions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None);

        ProblemAssert.Field(result.Result, "timestamp");
        Assert.Empty(services.Readings.Calls);
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task IngestReading_InvalidSensorId_Returns400ForSensorIdAndStoresNothing()
    {
        var context = HttpTestContext.Create("POST", "/api/sensors/x/readings", body: """{"payload":{"tempC":21.5}}""");

        var result = await services.ReadingFunctions.IngestReading(context.Request, "houston/clay_st/weather", CancellationToken.None);

        ProblemAssert.Field(result.Result, "sensorId");
        Assert.Empty(services.Sensors.Calls);
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task IngestReading_BodyOver64KB_Returns413()
    {
        var body = "{\"payload\":{\"v\":\"" + new string('x', 64 * 1024) + "\"}}";
        var context = HttpTestContext.Create("POST", $"/api/sensors/{sensor.Id}/readings", body: body, sendContentLength: false);

        var result = await services.ReadingFunctions.IngestReading(context.Request, sensor.Id.ToString(), CancellationToken.None);

        ProblemAssert.Result(result.Result, 413, "payload-too-large");
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task IngestReading_InactiveSensor_Returns409SensorInactive()
    {
        var inactive = services.AddSensor(SensorStatus.Inactive);
        var context = HttpTestContext.Create("POST", $"/api/sensors/{inactive.Id}/readings", body: """{"payload":{"tempC":21.5}}""");

        var result = await services.ReadingFunctions.IngestReading(context.Request, inactive.Id.ToString(), CancellationToken.None);

        ProblemAssert.Result(result.Result, 409, "sensor-inactive");
        Assert.Empty(services.Readings.All);
    }

    [Fact]
    public async Task GetLatestReading_WithReading_Returns200WithIt()
    {
        var latest = TestReadings.Latest("r-9", Now.AddMinutes(-2));
        var withReading = services.AddSensor(latest: latest);
        var context = HttpTestContext.Create(path: $"/api/sensors/{withReading.Id}/readings/latest");

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, withReading.Id.ToString(), CancellationToken.None);

        var ok = Assert.IsType<Cacheable<Ok<ReadingResponse>>>(result.Result).Result;
        Assert.Equal("r-9", ok.Value!.Id);
        Assert.Equal(latest.Timestamp, ok.Value.Timestamp);
        Assert.Equal(withReading.Coordinates, ok.Value.Coordinates);
    }

    [Fact]
    public async Task GetLatestReading_WithReading_CacheableForSecondsWithTheTagOfItsBody()
    {
        var withReading = services.AddSensor(latest: TestReadings.Latest("r-9", Now.AddMinutes(-2)));
        var context = HttpTestContext.Create(path: $"/api/sensors/{withReading.Id}/readings/latest");

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, withReading.Id.ToString(), CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<Ok<ReadingResponse>>>(result.Result);
        Assert.False(cacheable.NotModified);
        Assert.Equal("public, max-age=5", cacheable.CacheControl);
        Assert.Equal(ETags.ForJson(cacheable.Result.Value), cacheable.ETag);
        Assert.Null(cacheable.Vary);
    }

    [Fact]
    public async Task GetLatestReading_IfNoneMatchTheCurrentTag_304AfterTheSamePointRead()
    {
        var withReading = services.AddSensor(latest: TestReadings.Latest("r-9", Now.AddMinutes(-2)));
        var etag = await LatestETagAsync(withReading);
        services.ResetCalls();
        var context = HttpTestContext.Create(path: $"/api/sensors/{withReading.Id}/readings/latest");
        context.Request.Headers.IfNoneMatch = "W/" + etag;

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, withReading.Id.ToString(), CancellationToken.None);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.True(Assert.IsType<Cacheable<Ok<ReadingResponse>>>(result.Result).NotModified);
        Assert.Equal(304, response.StatusCode);
        Assert.Empty(response.Body);
        Assert.Null(response.ContentType);
        Assert.Equal(etag, response.Header("ETag"));
        Assert.Equal("public, max-age=5", response.Header("Cache-Control"));
        Assert.Equal(["Find"], services.Sensors.Calls);
    }

    [Fact]
    public async Task GetLatestReading_IfNoneMatchAnOlderReadingsTag_200WithTheNewOne()
    {
        var withReading = services.AddSensor(latest: TestReadings.Latest("r-1", Now.AddMinutes(-2)));
        var old = await LatestETagAsync(withReading);
        services.Sensors.Add(withReading with { Latest = TestReadings.Latest("r-2", Now.AddMinutes(-1)) });
        var context = HttpTestContext.Create(path: $"/api/sensors/{withReading.Id}/readings/latest");
        context.Request.Headers.IfNoneMatch = old;

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, withReading.Id.ToString(), CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<Ok<ReadingResponse>>>(result.Result);
        Assert.False(cacheable.NotModified);
        Assert.Equal(200, cacheable.StatusCode);
        Assert.NotEqual(old, cacheable.ETag);
        Assert.Equal("r-2", cacheable.Result.Value!.Id);
    }

    // The body holds the sensor's coordinates as they are now: moving the sensor changes the body, so the tag too.
    [Fact]
    public async Task GetLatestReading_SensorMovedSinceTheTag_200()
    {
        var withReading = services.AddSensor(latest: TestReadings.Latest("r-1", Now.AddMinutes(-2)));
        var old = await LatestETagAsync(withReading);
        services.Sensors.Add(withReading with { Coordinates = new Coordinates(1, 2) });
        var context = HttpTestContext.Create(path: $"/api/sensors/{withReading.Id}/readings/latest");
        context.Request.Headers.IfNoneMatch = old;

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, withReading.Id.ToString(), CancellationToken.None);

        Assert.Equal(200, Assert.IsType<Cacheable<Ok<ReadingResponse>>>(result.Result).StatusCode);
    }

    [Fact]
    public async Task GetLatestReading_CallerOfAnotherProduct_PrivateSoNoSharedCacheKeepsIt()
    {
        var withReading = services.AddSensor(latest: TestReadings.Latest("r-9", Now.AddMinutes(-2)));
        var context = HttpTestContext.Create(path: $"/api/sensors/{withReading.Id}/readings/latest");
        context.Request.Headers[CachePolicy.ProductHeader] = "operator";

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, withReading.Id.ToString(), CancellationToken.None);

        Assert.Equal("private, max-age=5", Assert.IsType<Cacheable<Ok<ReadingResponse>>>(result.Result).CacheControl);
    }

    [Fact]
    public async Task GetLatestReading_NoReadings_Returns404()
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings/latest");

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var problem = ProblemAssert.Result(result.Result, 404, "not-found");
        Assert.Contains("no readings", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLatestReading_InvalidSensorId_Returns400WithoutAskingTheStore()
    {
        var context = HttpTestContext.Create(path: "/api/sensors/x/readings/latest");

        var result = await services.ReadingFunctions.GetLatestReading(context.Request, "houston.clay_st.weather#x", CancellationToken.None);

        ProblemAssert.Field(result.Result, "sensorId");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListReadings_Query_PassesRangeAndLimitToTheStore()
    {
        var context = HttpTestContext.Create(
            path: $"/api/sensors/{sensor.Id}/readings",
            query: "?from=2026-01-30T00:00:00Z&to=2026-01-31T00:00:00Z&limit=5");

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var page = Assert.IsType<Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>>(result.Result).Result;
        Assert.Empty(page.Result.Value!.Items);
        Assert.Null(page.Header("Link"));
        var listing = Assert.Single(services.ReadingListings);
        Assert.Equal(new ReadingBucket(sensor.Id, sensor.Incarnation, 2026, 1), listing.Bucket);
        Assert.Equal("2026-01-30T00:00:00.0000000Z", listing.From);
        Assert.Equal("2026-01-31T00:00:00.0000000Z|~", listing.Before);
        Assert.Equal(6, listing.Take);
    }

    [Fact]
    public async Task ListReadings_MorePagesExist_ReturnsTheNewestAndALinkToTheNext()
    {
        services.AddReading(sensor, "older", Now.AddHours(-2));
        services.AddReading(sensor, "newer", Now.AddHours(-1));
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: "?limit=1");

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var page = Assert.IsType<Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>>(result.Result).Result;
        Assert.Equal("newer", Assert.Single(page.Result.Value!.Items).Id);
        Assert.Equal($"</api/sensors/{sensor.Id}/readings?limit=1&cursor={page.Result.Value.NextCursor}>; rel=\"next\"", page.Header("Link"));
    }

    [Theory]
    [InlineData("", "public, max-age=5")]
    [InlineData("?to=2026-01-31T12:30:00Z", "public, max-age=5")]
    [InlineData("?to=2026-01-31T11:56:00Z", "public, max-age=5")]
    [InlineData("?to=2026-01-31T11:54:00Z", "public, max-age=60")]
    [InlineData("?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", "public, max-age=60")]
    public async Task ListReadings_Range_FreshFor5sUntilItEndedMoreThan5MinutesAgo(string query, string cacheControl)
    {
        services.AddReading(sensor, "r-1", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: query);

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>>(result.Result);
        Assert.Equal(cacheControl, cacheable.CacheControl);
        Assert.Equal("Accept", cacheable.Vary);
        Assert.Equal(ETags.ForJson(cacheable.Result.Result.Value), cacheable.ETag);
    }

    [Fact]
    public async Task ListReadings_IfNoneMatchTheCurrentTag_304WithoutTheLink()
    {
        services.AddReading(sensor, "older", Now.AddHours(-2));
        services.AddReading(sensor, "newer", Now.AddHours(-1));
        const string query = "?from=2026-01-31T00:00:00Z&to=2026-01-31T11:00:00Z&limit=1";
        var first = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: query);
        var etag = Assert.IsType<Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>>(
            (await services.ReadingFunctions.ListReadings(first.Request, sensor.Id.ToString(), CancellationToken.None)).Result).ETag!;
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: query);
        context.Request.Headers.IfNoneMatch = etag;

        var response = await HttpTestContext.ExecuteAsync(
            await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(304, response.StatusCode);
        Assert.Empty(response.Body);
        Assert.Equal(etag, response.Header("ETag"));
        Assert.Equal("public, max-age=60", response.Header("Cache-Control"));
        Assert.Equal("Accept", response.Header("Vary"));
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task ListReadings_CsvByAccept_FreshnessAndVaryButNoValidator()
    {
        services.AddReading(sensor, "in-range", Now.AddHours(-1));
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings");
        context.Request.Headers.Accept = "text/csv";
        context.Request.Headers.IfNoneMatch = "*";

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<CsvExportResult>>(result.Result);
        Assert.Equal("public, max-age=5", cacheable.CacheControl);
        Assert.Equal("Accept", cacheable.Vary);
        Assert.Null(cacheable.ETag);
        Assert.False(cacheable.NotModified);
    }

    [Fact]
    public async Task ExportReadings_PastRange_FreshFor60sWithoutVary()
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings.csv", query: "?to=2026-01-30T00:00:00Z");

        var result = await services.ReadingFunctions.ExportReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<CsvExportResult>>(result.Result);
        Assert.Equal("public, max-age=60", cacheable.CacheControl);
        Assert.Null(cacheable.Vary);
        Assert.Null(cacheable.ETag);
    }

    [Fact]
    public async Task ListReadings_FromWithoutOffset_Returns400()
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: "?from=2026-01-30T00:00:00");

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        ProblemAssert.Field(result.Result, "from");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListReadings_FromAfterTo_Returns400ForFromWithoutReading()
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        ProblemAssert.Field(result.Result, "from");
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task ListReadings_FormatCsv_ReturnsAnExportOfTheRange()
    {
        services.AddReading(sensor, "in-range", Now.AddHours(-1));
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: "?format=csv&from=2026-01-31T00:00:00Z");

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var csv = Assert.IsType<Cacheable<CsvExportResult>>(result.Result).Result;
        Assert.Equal(sensor.Id.ToString(), csv.Export.SensorId);
        Assert.Equal(["tempC"], csv.Export.Columns);
    }

    [Fact]
    public async Task ListReadings_UnknownFormat_Returns400ForFormat()
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}/readings", query: "?format=xml");

        var result = await services.ReadingFunctions.ListReadings(context.Request, sensor.Id.ToString(), CancellationToken.None);

        ProblemAssert.Field(result.Result, "format");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListReadings_CsvOfAnUnknownSensor_Returns404()
    {
        var id = TestSensors.NewId();
        var context = HttpTestContext.Create(path: $"/api/sensors/{id}/readings", query: "?format=csv");

        var result = await services.ReadingFunctions.ListReadings(context.Request, id.ToString(), CancellationToken.None);

        ProblemAssert.Result(result.Result, 404, "not-found");
    }

    [Fact]
    public async Task BatchIngestReadings_MixedItems_Returns200WithAResultPerItemAndTotals()
    {
        var body = $$$"""
            {"readings":[
              {"sensorId":"{{{sensor.Id}}}","id":"b-1","payload":{"tempC":1}},
              {"sensorId":"{{{sensor.Id}}}","id":"b-1","payload":{"tempC":1}},
              {"sensorId":"{{{TestSensors.NewId()}}}","payload":{"tempC":2}},
              {"sensorId":"not an id","payload":{"tempC":3}}
            ]}
            """;
        var context = HttpTestContext.Create("POST", "/api/readings", body: body);

        var result = await services.ReadingFunctions.BatchIngestReadings(context.Request, CancellationToken.None);

        var response = Assert.IsType<Ok<BatchIngestResponse>>(result.Result).Value!;
        Assert.Equal(["created", "duplicate", "error", "error"], response.Results.Select(item => item.Status));
        Assert.Equal([0, 1, 2, 3], response.Results.Select(item => item.Index));
        Assert.Equal((1, 1, 2), (response.Created, response.Duplicates, response.Errors));
        Assert.Equal("b-1", response.Results[0].Reading!.Id);
        Assert.Equal(404, response.Results[2].Problem!.Status);
        Assert.Contains("sensorId", response.Results[3].Problem!.Errors!.Keys);
        Assert.Equal("b-1", Assert.Single(services.Readings.All).Id);
    }

    [Fact]
    public async Task BatchIngestReadings_NoReadingsArray_Returns400ForReadings()
    {
        var context = HttpTestContext.Create("POST", "/api/readings", body: "{}");

        var result = await services.ReadingFunctions.BatchIngestReadings(context.Request, CancellationToken.None);

        ProblemAssert.Field(result.Result, "readings");
    }

    [Fact]
    public async Task ListLatestNear_SensorsWithReadings_ReturnsEachWithItsLatestReading()
    {
        var type = "t-" + Guid.NewGuid().ToString("N")[..12];
        var latest = TestReadings.Latest("r-near", Now.AddMinutes(-1));
        var withReading = services.Sensors.Add(TestSensors.Create(TestSensors.NewId(type: type), latest: latest));
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(type: type)));
        var context = HttpTestContext.Create(path: "/api/readings/latest", query: $"?near={withReading.Coordinates.Lat},{withReading.Coordinates.Lon}&type={type}");

        var result = await services.ReadingFunctions.ListLatestNear(context.Request, CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<WithHeaders<Ok<PageResponse<LatestNearItem>>>>>(result.Result);
        Assert.Equal("public, max-age=5", cacheable.CacheControl);
        Assert.Equal(ETags.ForJson(cacheable.Result.Result.Value), cacheable.ETag);
        var page = cacheable.Result;
        var item = Assert.Single(page.Result.Value!.Items);
        Assert.Equal(withReading.Id.ToString(), item.SensorId);
        Assert.Equal(0, item.DistanceMeters);
        Assert.Equal("r-near", item.Reading.Id);
        Assert.Equal(latest.Timestamp, item.Reading.Timestamp);
    }

    [Fact]
    public async Task ListLatestNear_NoNear_Returns400ForNear()
    {
        var context = HttpTestContext.Create(path: "/api/readings/latest");

        var result = await services.ReadingFunctions.ListLatestNear(context.Request, CancellationToken.None);

        ProblemAssert.Field(result.Result, "near");
        Assert.Empty(services.Sensors.Calls);
    }

    private async Task<string> LatestETagAsync(Sensor withReading)
    {
        var context = HttpTestContext.Create(path: $"/api/sensors/{withReading.Id}/readings/latest");
        var result = await services.ReadingFunctions.GetLatestReading(context.Request, withReading.Id.ToString(), CancellationToken.None);
        return Assert.IsType<Cacheable<Ok<ReadingResponse>>>(result.Result).ETag!;
    }
}
