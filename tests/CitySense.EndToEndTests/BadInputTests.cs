using System.Net;
using System.Text;

namespace CitySense.EndToEndTests;

/// <summary>Each kind of bad input gets a 4xx problem naming the field, and nothing is stored.</summary>
public sealed class BadInputTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    private readonly HttpClient client = target.CreateClient();

    [Theory]
    [InlineData("""{"city":"Houston","location":"a","type":"weather","coordinates":{"lat":1,"lon":1}}""", "city")]
    [InlineData("""{"city":"x/y","location":"a","type":"weather","coordinates":{"lat":1,"lon":1}}""", "city")]
    [InlineData("""{"city":"x","location":"a?b","type":"weather","coordinates":{"lat":1,"lon":1}}""", "location")]
    [InlineData("""{"city":"x","location":"a#b","type":"weather","coordinates":{"lat":1,"lon":1}}""", "location")]
    [InlineData("""{"city":"x","location":"a\\b","type":"weather","coordinates":{"lat":1,"lon":1}}""", "location")]
    [InlineData("""{"city":"x","location":"a","type":"","coordinates":{"lat":1,"lon":1}}""", "type")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":90.0001,"lon":1}}""", "coordinates.lat")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":-91,"lon":1}}""", "coordinates.lat")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":1,"lon":180.5}}""", "coordinates.lon")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":"NaN","lon":1}}""", "coordinates.lat")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":1}}""", "coordinates.lon")]
    [InlineData("""{"city":"x","location":"a","type":"weather"}""", "coordinates")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":1,"lon":1},"status":"broken"}""", "status")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":1,"lon":1},"color":"red"}""", "color")]
    [InlineData("""{"city":"x","location":"a","type":"weather","coordinates":{"lat":1,"lon":1},"metadata":[1]}""", "metadata")]
    [InlineData("""{"city":42,"location":"a","type":"weather","coordinates":{"lat":1,"lon":1}}""", "city")]
    public async Task CreateSensor_InvalidField_400NamingItAndNothingStored(string body, string field)
    {
        // A city of its own, only read: whatever the API wrongly stored would show up in its listing.
        var city = Api.NewCity();
        var json = body.Replace("\"x\"", $"\"{city}\"", StringComparison.Ordinal);

        var response = await client.PostAsync("sensors", Api.Json(json));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        var stored = await (await client.GetAsync($"sensors?city={city}")).ReadJsonAsync();
        Assert.Empty(stored["items"]!.AsArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"city":"x",}""")]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task CreateSensor_MalformedOrEmptyBody_400Problem(string body)
    {
        var response = await client.PostAsync("sensors", Api.Json(body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreateSensor_WrongContentType_415()
    {
        var response = await client.PostAsync("sensors", new StringContent("city=x", Encoding.UTF8, "text/plain"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Ingest_BodyOver64KB_413AndNothingStored()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        var big = "{\"payload\":{\"blob\":\"" + new string('x', 66 * 1024) + "\"}}";

        var response = await client.PostAsync($"sensors/{sensorId}/readings", Api.Json(big));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await client.GetAsync($"sensors/{sensorId}/readings/latest")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"payload":{}}""", "payload")]
    [InlineData("""{"payload":[1,2]}""", "payload")]
    [InlineData("""{"id":"a/b","payload":{"v":1}}""", "id")]
    [InlineData("""{"id":"a?b","payload":{"v":1}}""", "id")]
    [InlineData("""{"timestamp":"2099-01-01T00:00:00Z","payload":{"v":1}}""", "timestamp")]
    [InlineData("""{"timestamp":"2026-01-01T00:00:00","payload":{"v":1}}""", "timestamp")]
    [InlineData("""{"timestamp":"yesterday","payload":{"v":1}}""", "timestamp")]
    [InlineData("""{"payload":{"v":1e400}}""", "payload")]
    [InlineData("""{"payload":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}}}""", "payload")]
    [InlineData("""{"payload":{"\ud800x":1}}""", "payload")]
    [InlineData("""{"payload":{"v":"\udc00"}}""", "payload")]
    public async Task Ingest_InvalidReading_400NamingFieldAndNothingStored(string body, string field)
    {
        var sensorId = await Api.CreateSensorAsync(client);

        var response = await client.PostAsync($"sensors/{sensorId}/readings", Api.Json(body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await (await client.GetAsync($"sensors/{sensorId}/readings/latest")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await client.GetAsync($"sensors/{sensorId}/readings")).ReadJsonAsync())["items"]!.AsArray());
    }

    [Theory]
    [InlineData("sensors/houston.clay_st")]
    [InlineData("sensors/HOUSTON.clay_st.weather")]
    [InlineData("sensors/houston.clay%2Fst.weather")]
    [InlineData("sensors/houston.clay%5Cst.weather")]
    [InlineData("sensors/houston.clay_st.weather/readings?limit=0")]
    [InlineData("sensors/houston.clay_st.weather/readings?limit=1001")]
    [InlineData("sensors/houston.clay_st.weather/readings?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("sensors/houston.clay_st.weather/readings?cursor=not-a-cursor")]
    [InlineData("sensors?limit=abc")]
    [InlineData("sensors?status=sleeping")]
    [InlineData("sensors?cursor=eyJ9")]
    public async Task Get_InvalidPathOrQuery_400Problem(string url)
    {
        var response = await client.GetAsync(url);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListReadings_CursorOfAnotherSensor_400()
    {
        var first = await Api.CreateSensorAsync(client);
        var second = await Api.CreateSensorAsync(client);
        for (var i = 0; i < 3; i++)
        {
            await Api.IngestAsync(client, first, new { timestamp = DateTimeOffset.UtcNow.AddSeconds(-i), payload = new { v = i } });
        }

        var cursor = (string?)(await (await client.GetAsync($"sensors/{first}/readings?limit=1")).ReadJsonAsync())["nextCursor"];
        var response = await client.GetAsync($"sensors/{second}/readings?limit=1&cursor={cursor}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Update_InvalidBody_400AndSensorUnchanged()
    {
        var sensorId = await Api.CreateSensorAsync(client);

        var response = await Api.PutJsonAsync(client, $"sensors/{sensorId}", new { coordinates = new { lat = 100, lon = 0 }, status = "inactive" }, null);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "coordinates.lat");
        var sensor = await (await client.GetAsync($"sensors/{sensorId}")).ReadJsonAsync();
        Assert.Equal("active", (string?)sensor["status"]);
        Assert.Equal(Api.TestLat, (double?)sensor["coordinates"]?["lat"]);
    }
}
