using System.Text.Json;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Functions;

public sealed class SensorFunctionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly ISensorStore store = Substitute.For<ISensorStore>();
    private readonly SensorFunctions functions;

    public SensorFunctionsTests()
    {
        functions = new SensorFunctions(new SensorService(store, new FakeTimeProvider(Now), NullLogger<SensorService>.Instance));
    }

    [Fact]
    public async Task CreateSensor_ValidBody_Returns201WithLocationETagAndTheSensor()
    {
        Sensor? stored = null;
        store.TryCreateAsync(Arg.Do<Sensor>(s => stored = s), Arg.Any<CancellationToken>()).Returns(true);
        var location = TestSensors.NewId().Location;
        var context = HttpTestContext.Create("POST", body: $$$"""
            {"city":"houston","location":"{{{location}}}","type":"weather","coordinates":{"lat":29.7604,"lon":-95.3698},"metadata":{"model":"WS-2000"}}
            """);

        var response = await HttpTestContext.ExecuteAsync(await functions.CreateSensor(context.Request, CancellationToken.None), context);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal($"/api/sensors/houston.{location}.weather", response.Header("Location"));
        Assert.Matches("^\"[0-9a-f]{16}\"$", response.Header("ETag"));
        Assert.Equal($"\"{stored!.Version}\"", response.Header("ETag"));
        var json = response.Json;
        Assert.Equal($"houston.{location}.weather", json.GetProperty("id").GetString());
        Assert.Equal(location, json.GetProperty("location").GetString());
        Assert.Equal("active", json.GetProperty("status").GetString());
        Assert.Equal(-95.3698, json.GetProperty("coordinates").GetProperty("lon").GetDouble());
        Assert.Equal("WS-2000", json.GetProperty("metadata").GetProperty("model").GetString());
        Assert.Equal("2026-01-31T12:00:00.0000000Z", json.GetProperty("createdAt").GetString());
        Assert.False(json.TryGetProperty("version", out _));
        Assert.False(json.TryGetProperty("incarnation", out _));
    }

    [Fact]
    public async Task CreateSensor_ExistingSensor_Returns409Problem()
    {
        store.TryCreateAsync(Arg.Any<Sensor>(), Arg.Any<CancellationToken>()).Returns(false);
        var context = HttpTestContext.Create("POST", body: """{"city":"houston","location":"clay_st","type":"weather","coordinates":{"lat":1,"lon":2}}""");

        var response = await HttpTestContext.ExecuteAsync(await functions.CreateSensor(context.Request, CancellationToken.None), context);

        Assert.Equal(409, response.StatusCode);
        Assert.Equal("urn:citysense:problem:sensor-exists", response.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task CreateSensor_LatitudeOutOfRange_Returns400NamingTheFieldAndStoresNothing()
    {
        var context = HttpTestContext.Create("POST", body: """{"city":"houston","location":"clay_st","type":"weather","coordinates":{"lat":90.1,"lon":2}}""");

        var response = await HttpTestContext.ExecuteAsync(await functions.CreateSensor(context.Request, CancellationToken.None), context);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", response.ContentType);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("coordinates.lat", out _));
        Assert.Empty(store.ReceivedCalls());
    }

    // Known bug (fails today): Slug's pattern ends in '$', which also matches before a final newline, so
    // "houston\n" passes as a city and a sensor id (and Location header) with a newline is created.
    [Fact]
    public async Task CreateSensor_CityWithTrailingNewline_Returns400AndStoresNothing()
    {
        store.TryCreateAsync(Arg.Any<Sensor>(), Arg.Any<CancellationToken>()).Returns(true);
        var context = HttpTestContext.Create("POST", body: """{"city":"houston\n","location":"clay_st","type":"weather","coordinates":{"lat":1,"lon":2}}""");

        var response = await HttpTestContext.ExecuteAsync(await functions.CreateSensor(context.Request, CancellationToken.None), context);

        Assert.Equal(400, response.StatusCode);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("city", out _));
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task CreateSensor_WrongContentType_Returns415()
    {
        var context = HttpTestContext.Create("POST", body: "city=houston", contentType: "application/x-www-form-urlencoded");

        var response = await HttpTestContext.ExecuteAsync(await functions.CreateSensor(context.Request, CancellationToken.None), context);

        Assert.Equal(415, response.StatusCode);
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task GetSensor_Registered_Returns200WithETag()
    {
        var sensor = TestSensors.Create(TestSensors.NewId());
        store.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);
        var context = HttpTestContext.Create(path: $"/api/sensors/{sensor.Id}");

        var response = await HttpTestContext.ExecuteAsync(await functions.GetSensor(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal($"\"{sensor.Version}\"", response.Header("ETag"));
        Assert.Equal(sensor.Id.ToString(), response.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task GetSensor_Missing_Returns404Problem()
    {
        var id = TestSensors.NewId();
        var context = HttpTestContext.Create(path: $"/api/sensors/{id}");

        var response = await HttpTestContext.ExecuteAsync(await functions.GetSensor(context.Request, id.ToString(), CancellationToken.None), context);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", response.ContentType);
        Assert.Equal("urn:citysense:problem:not-found", response.Json.GetProperty("type").GetString());
        Assert.Equal($"/api/sensors/{id}", response.Json.GetProperty("instance").GetString());
        Assert.Null(response.Header("ETag"));
    }

    [Fact]
    public async Task GetSensor_IdWithBackslash_Returns400()
    {
        var context = HttpTestContext.Create(path: "/api/sensors/x");

        var response = await HttpTestContext.ExecuteAsync(await functions.GetSensor(context.Request, "houston.clay\\st.weather", CancellationToken.None), context);

        Assert.Equal(400, response.StatusCode);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("sensorId", out _));
    }

    [Fact]
    public async Task ListSensors_MorePagesExist_ReturnsItemsCursorAndLink()
    {
        Sensor[] sensors = [TestSensors.Create(TestSensors.NewId()), TestSensors.Create(TestSensors.NewId())];
        store.ListAsync(new SensorFilter("houston", null, null), null, 2, Arg.Any<CancellationToken>()).Returns(sensors);
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?city=houston&limit=1");

        var response = await HttpTestContext.ExecuteAsync(await functions.ListSensors(context.Request, CancellationToken.None), context);

        Assert.Equal(200, response.StatusCode);
        var json = response.Json;
        Assert.Equal(sensors[0].Id.ToString(), Assert.Single(json.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var cursor = json.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        Assert.Equal($"</api/sensors?city=houston&limit=1&cursor={cursor}>; rel=\"next\"", response.Header("Link"));
    }

    [Fact]
    public async Task ListSensors_BadLimit_Returns400()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?limit=1001");

        var response = await HttpTestContext.ExecuteAsync(await functions.ListSensors(context.Request, CancellationToken.None), context);

        Assert.Equal(400, response.StatusCode);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task UpdateSensor_StaleIfMatch_Returns412()
    {
        var sensor = TestSensors.Create(TestSensors.NewId());
        store.UpdateAsync(sensor.Id, Arg.Any<SensorChanges>(), Arg.Any<IReadOnlyCollection<string>?>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);
        var context = HttpTestContext.Create("PUT", $"/api/sensors/{sensor.Id}", body: """{"coordinates":{"lat":1,"lon":2},"status":"inactive"}""");
        context.Request.Headers.IfMatch = "\"ffffffffffffffff\"";

        var response = await HttpTestContext.ExecuteAsync(await functions.UpdateSensor(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(412, response.StatusCode);
        await store.Received(1).UpdateAsync(
            sensor.Id,
            Arg.Any<SensorChanges>(),
            Arg.Is<IReadOnlyCollection<string>?>(v => v != null && v.Count == 1 && v.Contains("ffffffffffffffff")),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task UpdateSensor_CurrentIfMatch_Returns200WithTheNewETag()
    {
        var sensor = TestSensors.Create(TestSensors.NewId());
        store.UpdateAsync(sensor.Id, Arg.Any<SensorChanges>(), Arg.Any<IReadOnlyCollection<string>?>(), Arg.Any<CancellationToken>())
            .Returns(call => SensorWrite.Written(sensor with { Version = call.Arg<SensorChanges>().NewVersion, Status = SensorStatus.Inactive }));
        var context = HttpTestContext.Create("PUT", $"/api/sensors/{sensor.Id}", body: """{"coordinates":{"lat":1,"lon":2},"status":"inactive"}""");
        context.Request.Headers.IfMatch = ETags.For(sensor);

        var response = await HttpTestContext.ExecuteAsync(await functions.UpdateSensor(context.Request, sensor.Id.ToString(), CancellationToken.None), context);

        Assert.Equal(200, response.StatusCode);
        Assert.NotEqual(ETags.For(sensor), response.Header("ETag"));
        Assert.Matches("^\"[0-9a-f]{16}\"$", response.Header("ETag"));
        Assert.Equal("inactive", response.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UpdateSensor_UnknownField_Returns400NamingIt()
    {
        var context = HttpTestContext.Create("PUT", "/api/sensors/houston.clay_st.weather", body: """{"coordinates":{"lat":1,"lon":2},"status":"active","city":"dallas"}""");

        var response = await HttpTestContext.ExecuteAsync(await functions.UpdateSensor(context.Request, "houston.clay_st.weather", CancellationToken.None), context);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("is not a known field", response.Json.GetProperty("errors").GetProperty("city")[0].GetString());
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task DeleteSensor_Registered_Returns204WithoutBody()
    {
        var id = TestSensors.NewId();
        store.DeleteAsync(id, Arg.Any<CancellationToken>()).Returns(true);
        var context = HttpTestContext.Create("DELETE", $"/api/sensors/{id}");

        var response = await HttpTestContext.ExecuteAsync(await functions.DeleteSensor(context.Request, id.ToString(), CancellationToken.None), context);

        Assert.Equal(204, response.StatusCode);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task DeleteSensor_Missing_Returns404()
    {
        var id = TestSensors.NewId();
        var context = HttpTestContext.Create("DELETE", $"/api/sensors/{id}");

        var response = await HttpTestContext.ExecuteAsync(await functions.DeleteSensor(context.Request, id.ToString(), CancellationToken.None), context);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(JsonValueKind.String, response.Json.GetProperty("detail").ValueKind);
    }
}
