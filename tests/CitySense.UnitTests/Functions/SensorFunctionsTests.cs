using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.UnitTests.Functions;

public sealed class SensorFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);

    [Fact]
    public async Task CreateSensor_ValidBody_Returns201WithLocationETagAndTheSensor()
    {
        var location = TestSensors.NewId().Location;
        var context = HttpTestContext.Create("POST", body: $$$"""
            {"city":"houston","location":"{{{location}}}","type":"weather","coordinates":{"lat":29.7604,"lon":-95.3698},"metadata":{"model":"WS-2000"}}
            """);

        var result = await services.SensorFunctions.CreateSensor(context.Request, CancellationToken.None);

        var created = Assert.IsType<WithHeaders<Created<SensorResponse>>>(result.Result);
        Assert.Equal(201, created.Result.StatusCode);
        Assert.Equal($"/api/sensors/houston.{location}.weather", created.Result.Location);
        var stored = services.Sensors.Get(new SensorId("houston", location, "weather"));
        Assert.NotNull(stored);
        Assert.Matches("^\"[0-9a-f]{16}\"$", created.Header("ETag"));
        Assert.Equal($"\"{stored.Version}\"", created.Header("ETag"));
        var body = created.Result.Value!;
        Assert.Equal($"houston.{location}.weather", body.Id);
        Assert.Equal(location, body.Location);
        Assert.Equal(SensorStatus.Active, body.Status);
        Assert.Equal(-95.3698, body.Coordinates.Lon);
        Assert.Equal("WS-2000", body.Metadata!.Value.GetProperty("model").GetString());
        Assert.Equal(Now, body.CreatedAt);
    }

    // The bytes on the wire are the point: camelCase names, enum and timestamp formats, no internal fields.
    [Fact]
    public async Task CreateSensor_ValidBody_WritesTheSensorAsCamelCaseJsonWithoutInternalFields()
    {
        var location = TestSensors.NewId().Location;
        var context = HttpTestContext.Create("POST", body: $$$"""
            {"city":"houston","location":"{{{location}}}","type":"weather","coordinates":{"lat":29.7604,"lon":-95.3698}}
            """);

        var response = await HttpTestContext.ExecuteAsync(await services.SensorFunctions.CreateSensor(context.Request, CancellationToken.None), context);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal($"/api/sensors/houston.{location}.weather", response.Header("Location"));
        Assert.Matches("^\"[0-9a-f]{16}\"$", response.Header("ETag"));
        var json = response.Json;
        Assert.Equal($"houston.{location}.weather", json.GetProperty("id").GetString());
        Assert.Equal("active", json.GetProperty("status").GetString());
        Assert.Equal(-95.3698, json.GetProperty("coordinates").GetProperty("lon").GetDouble());
        Assert.Equal("2026-01-31T12:00:00.0000000Z", json.GetProperty("createdAt").GetString());
        Assert.False(json.TryGetProperty("metadata", out _));
        Assert.False(json.TryGetProperty("version", out _));
        Assert.False(json.TryGetProperty("incarnation", out _));
    }

    [Fact]
    public async Task CreateSensor_ExistingSensor_Returns409Problem()
    {
        var existing = services.AddSensor();
        var context = HttpTestContext.Create("POST", body: $$$"""{"city":"houston","location":"{{{existing.Id.Location}}}","type":"weather","coordinates":{"lat":1,"lon":2}}""");

        var result = await services.SensorFunctions.CreateSensor(context.Request, CancellationToken.None);

        ProblemAssert.Result(result.Result, 409, "sensor-exists");
        Assert.Same(existing, services.Sensors.Get(existing.Id));
    }

    [Fact]
    public async Task CreateSensor_LatitudeOutOfRange_Returns400NamingTheFieldAndStoresNothing()
    {
        var context = HttpTestContext.Create("POST", body: """{"city":"houston","location":"clay_st","type":"weather","coordinates":{"lat":90.1,"lon":2}}""");

        var result = await services.SensorFunctions.CreateSensor(context.Request, CancellationToken.None);

        ProblemAssert.Field(result.Result, "coordinates.lat");
        Assert.Equal(ProblemResult.MediaType, Assert.IsType<ProblemResult>(result.Result).ContentType);
        Assert.Empty(services.Sensors.Calls);
    }

    // Slug's pattern once ended in '$', which also matches before a final newline.
    [Fact]
    public async Task CreateSensor_CityWithTrailingNewline_Returns400AndStoresNothing()
    {
        var context = HttpTestContext.Create("POST", body: """{"city":"houston\n","location":"clay_st","type":"weather","coordinates":{"lat":1,"lon":2}}""");

        var result = await services.SensorFunctions.CreateSensor(context.Request, CancellationToken.None);

        ProblemAssert.Field(result.Result, "city");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task CreateSensor_WrongContentType_Returns415()
    {
        var context = HttpTestContext.Create("POST", body: "city=houston", contentType: "application/x-www-form-urlencoded");

        var result = await services.SensorFunctions.CreateSensor(context.Request, CancellationToken.None);

        ProblemAssert.Result(result.Result, 415, "unsupported-media-type");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task GetSensor_Registered_Returns200WithETag()
    {
        var sensor = services.AddSensor();
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}");

        var result = await services.SensorFunctions.GetSensor(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<WithHeaders<Ok<SensorResponse>>>>(result.Result);
        var ok = cacheable.Result;
        Assert.Equal(200, ok.Result.StatusCode);
        Assert.Equal($"\"{sensor.Version}\"", ok.Header("ETag"));
        Assert.Equal(sensor.Id.ToString(), ok.Result.Value!.Id);
    }

    // Its ETag versions the registration (for If-Match) while latestReadingAt moves with every reading: it cannot
    // validate a cached copy, so caches must ask again and a matching If-None-Match still gets the whole sensor.
    [Fact]
    public async Task GetSensor_IfNoneMatchItsETag_Returns200ThatCachesMustRevalidate()
    {
        var sensor = services.AddSensor();
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}");
        context.Request.Headers.IfNoneMatch = ETags.For(sensor);

        var result = await services.SensorFunctions.GetSensor(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<WithHeaders<Ok<SensorResponse>>>>(result.Result);
        Assert.False(cacheable.NotModified);
        Assert.Null(cacheable.ETag);
        Assert.Equal("public, no-cache", cacheable.CacheControl);
        var response = await HttpTestContext.ExecuteAsync(result, context);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(ETags.For(sensor), response.Header("ETag"));
        Assert.Equal("public, no-cache", response.Header("Cache-Control"));
    }

    [Fact]
    public async Task GetSensor_Missing_Returns404ProblemForThePath()
    {
        var id = TestSensors.NewId();
        var context = HttpTestContext.Create(path: $"/api/sensors/{id}");

        var result = await services.SensorFunctions.GetSensor(context.Request, id.ToString(), CancellationToken.None);

        var problem = ProblemAssert.Result(result.Result, 404, "not-found");
        Assert.Equal($"/api/sensors/{id}", problem.Instance);
    }

    [Theory]
    [InlineData("")]
    [InlineData("houston.clay_st")]
    [InlineData("Houston.clay_st.weather")]
    [InlineData("houston.clay/st.weather")]
    [InlineData("houston.clay_st.weather?x=1")]
    [InlineData("houston.clay_st.weather#top")]
    [InlineData("houston.clay\\st.weather")]
    [InlineData("houston.clay_st.weather.extra")]
    public async Task GetSensor_InvalidId_Returns400ForSensorIdWithoutAskingTheStore(string sensorId)
    {
        var context = HttpTestContext.Create(path: "/api/sensors/x");

        var result = await services.SensorFunctions.GetSensor(context.Request, sensorId, CancellationToken.None);

        ProblemAssert.Field(result.Result, "sensorId");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListSensors_MorePagesExist_ReturnsItemsCursorAndLink()
    {
        var city = "city-" + Guid.NewGuid().ToString("N")[..12];
        var first = services.Sensors.Add(TestSensors.Create(new SensorId(city, "a", "weather")));
        services.Sensors.Add(TestSensors.Create(new SensorId(city, "b", "weather")));
        var context = HttpTestContext.Create(path: "/api/sensors", query: $"?city={city}&limit=1");

        var result = await services.SensorFunctions.ListSensors(context.Request, CancellationToken.None);

        var cacheable = Assert.IsType<Cacheable<WithHeaders<Ok<PageResponse<SensorResponse>>>>>(result.Result);
        Assert.Equal("public, max-age=30", cacheable.CacheControl);
        Assert.Equal(ETags.ForJson(cacheable.Result.Result.Value), cacheable.ETag);
        var page = cacheable.Result;
        Assert.Equal(first.Id.ToString(), Assert.Single(page.Result.Value!.Items).Id);
        var cursor = page.Result.Value.NextCursor;
        Assert.NotNull(cursor);
        Assert.Equal($"</api/sensors?city={city}&limit=1&cursor={cursor}>; rel=\"next\"", page.Header("Link"));
    }

    [Fact]
    public async Task ListSensors_Near_ReturnsSensorsNearestFirstWithTheirDistance()
    {
        var city = "city-" + Guid.NewGuid().ToString("N")[..12];
        var far = services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), coordinates: new Coordinates(29.7700, -95.3698)));
        var near = services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), coordinates: new Coordinates(29.7610, -95.3698)));
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), coordinates: new Coordinates(30.5, -95.3698)));
        var context = HttpTestContext.Create(path: "/api/sensors", query: $"?city={city}&near=29.7604,-95.3698&radius=2000");

        var result = await services.SensorFunctions.ListSensors(context.Request, CancellationToken.None);

        var page = Assert.IsType<Cacheable<WithHeaders<Ok<PageResponse<SensorResponse>>>>>(result.Result).Result;
        Assert.Equal([near.Id.ToString(), far.Id.ToString()], page.Result.Value!.Items.Select(item => item.Id));
        Assert.InRange(page.Result.Value.Items[0].DistanceMeters!.Value, 66, 67);
        Assert.Equal(["ListNear"], services.Sensors.Calls);
        Assert.Null(page.Header("Link"));
    }

    [Fact]
    public async Task ListSensors_BadLimit_Returns400()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?limit=1001");

        var result = await services.SensorFunctions.ListSensors(context.Request, CancellationToken.None);

        ProblemAssert.Field(result.Result, "limit");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task UpdateSensor_StaleIfMatch_Returns412AndKeepsTheSensor()
    {
        var sensor = services.AddSensor();
        var context = HttpTestContext.Create("PUT", $"/api/sensors/{sensor.Id}", body: """{"coordinates":{"lat":1,"lon":2},"status":"inactive"}""");
        context.Request.Headers.IfMatch = "\"ffffffffffffffff\"";

        var result = await services.SensorFunctions.UpdateSensor(context.Request, sensor.Id.ToString(), CancellationToken.None);

        ProblemAssert.Result(result.Result, 412, "precondition-failed");
        Assert.Equal(["Find"], services.Sensors.Calls);
        Assert.Same(sensor, services.Sensors.Get(sensor.Id));
    }

    [Fact]
    public async Task UpdateSensor_CurrentIfMatch_Returns200WithTheNewETag()
    {
        var sensor = services.AddSensor();
        var context = HttpTestContext.Create("PUT", $"/api/sensors/{sensor.Id}", body: """{"coordinates":{"lat":1,"lon":2},"status":"inactive"}""");
        context.Request.Headers.IfMatch = ETags.For(sensor);

        var result = await services.SensorFunctions.UpdateSensor(context.Request, sensor.Id.ToString(), CancellationToken.None);

        var ok = Assert.IsType<WithHeaders<Ok<SensorResponse>>>(result.Result);
        Assert.NotEqual(ETags.For(sensor), ok.Header("ETag"));
        Assert.Matches("^\"[0-9a-f]{16}\"$", ok.Header("ETag"));
        Assert.Equal(ETags.For(services.Sensors.Get(sensor.Id)!), ok.Header("ETag"));
        Assert.Equal(SensorStatus.Inactive, ok.Result.Value!.Status);
    }

    [Fact]
    public async Task UpdateSensor_IfMatchStar_Returns200WhateverTheVersion()
    {
        var sensor = services.AddSensor();
        var context = HttpTestContext.Create("PUT", $"/api/sensors/{sensor.Id}", body: """{"coordinates":{"lat":1,"lon":2},"status":"active"}""");
        context.Request.Headers.IfMatch = "*";

        var result = await services.SensorFunctions.UpdateSensor(context.Request, sensor.Id.ToString(), CancellationToken.None);

        Assert.IsType<WithHeaders<Ok<SensorResponse>>>(result.Result);
        Assert.Equal(new Coordinates(1, 2), services.Sensors.Get(sensor.Id)!.Coordinates);
    }

    [Fact]
    public async Task UpdateSensor_UnknownField_Returns400NamingIt()
    {
        var context = HttpTestContext.Create("PUT", "/api/sensors/houston.clay_st.weather", body: """{"coordinates":{"lat":1,"lon":2},"status":"active","city":"dallas"}""");

        var result = await services.SensorFunctions.UpdateSensor(context.Request, "houston.clay_st.weather", CancellationToken.None);

        var problem = ProblemAssert.Field(result.Result, "city");
        Assert.Equal("is not a known field", problem.Errors!["city"][0]);
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task UpdateSensor_InvalidId_Returns400ForSensorIdWithoutCallingTheStore()
    {
        var context = HttpTestContext.Create("PUT", "/api/sensors/x", body: """{"coordinates":{"lat":1,"lon":2},"status":"active"}""");

        var result = await services.SensorFunctions.UpdateSensor(context.Request, "houston.clay_st.weather/../x", CancellationToken.None);

        ProblemAssert.Field(result.Result, "sensorId");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task DeleteSensor_Registered_Returns204AndRemovesIt()
    {
        var sensor = services.AddSensor();
        var context = HttpTestContext.Create("DELETE", $"/api/sensors/{sensor.Id}");

        var result = await services.SensorFunctions.DeleteSensor(context.Request, sensor.Id.ToString(), CancellationToken.None);

        Assert.Equal(204, Assert.IsType<NoContent>(result.Result).StatusCode);
        Assert.Null(services.Sensors.Get(sensor.Id));
    }

    [Fact]
    public async Task DeleteSensor_Registered_WritesNoBody()
    {
        var sensor = services.AddSensor();
        var context = HttpTestContext.Create("DELETE", $"/api/sensors/{sensor.Id}");

        var response = await HttpTestContext.ExecuteAsync(await services.SensorFunctions.DeleteSensor(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(204, response.StatusCode);
        Assert.Null(response.ContentType);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task DeleteSensor_Missing_Returns404WithADetail()
    {
        var id = TestSensors.NewId();
        var context = HttpTestContext.Create("DELETE", $"/api/sensors/{id}");

        var result = await services.SensorFunctions.DeleteSensor(context.Request, id.ToString(), CancellationToken.None);

        var problem = ProblemAssert.Result(result.Result, 404, "not-found");
        Assert.Contains(id.ToString(), problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("houston.clay_st")]
    [InlineData("houston.clay_st.weather\\")]
    [InlineData("HOUSTON.clay_st.weather")]
    public async Task DeleteSensor_InvalidId_Returns400WithoutCallingTheStore(string sensorId)
    {
        var context = HttpTestContext.Create("DELETE", "/api/sensors/x");

        var result = await services.SensorFunctions.DeleteSensor(context.Request, sensorId, CancellationToken.None);

        ProblemAssert.Field(result.Result, "sensorId");
        Assert.Empty(services.Sensors.Calls);
    }
}
