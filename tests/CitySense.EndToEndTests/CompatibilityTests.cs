using System.Net;
using System.Text;

using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>The old system's two routes, as its clients call them.</summary>
public sealed class CompatibilityTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    private readonly HttpClient client = target.CreateClient();

    [Fact]
    public async Task LegacyPostThenGet_FormContentTypeLikeCurl_RoundTripsPayloadAndLocation()
    {
        var location = Api.NewLocation();
        await Api.CreateSensorAsync(client, location, "weather", -31.472918234296156, 88.61302745767158);

        // curl -d sends application/x-www-form-urlencoded; the old clients relied on that working.
        var post = await client.PostAsync($"v1/weather/{Api.City}/{location}", new StringContent("""{"payload":{"tempC":21}}""", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var get = await client.GetAsync($"v1/weather/{Api.City}/{location}");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var posted = await post.ReadJsonAsync();
        Assert.NotNull((string?)posted["timestamp"]);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var reading = await get.ReadJsonAsync();
        Assert.Equal(21, (int?)reading["payload"]?["tempC"]);
        Assert.Equal((string?)posted["timestamp"], (string?)reading["timestamp"]);
        Assert.Equal(-31.472918234296156, (double?)reading["location"]?["lat"]);
        Assert.Equal(88.61302745767158, (double?)reading["location"]?["long"]);
    }

    [InProcessFact("writes to the demo sensor houston.clay_st.weather, which only the DevHost seeds; a stage's real sensors are not for tests")]
    public async Task DemoSensor_DoneWhenExample_Works()
    {
        var post = await client.PostAsync("v1/weather/houston/clay_st", new StringContent("""{"payload":{"tempC":21}}"""));
        var get = await client.GetAsync("v1/weather/houston/clay_st");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(21, (int?)(await get.ReadJsonAsync())["payload"]?["tempC"]);
    }

    [Fact]
    public async Task LegacyRoutes_UnknownSensor_404NotTheOld401()
    {
        var nowhere = Api.NewLocation();

        await (await client.PostAsync($"v1/weather/{Api.City}/{nowhere}", Api.Json("""{"payload":{"a":1}}"""))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"v1/weather/{Api.City}/{nowhere}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LegacyGet_NoReadingYet_404()
    {
        var location = Api.NewLocation();
        await Api.CreateSensorAsync(client, location, "traffic");

        await (await client.GetAsync($"v1/traffic/{Api.City}/{location}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"payload":null}""")]
    [InlineData("""{"payload":"warm"}""")]
    [InlineData("""{"payload":{}}""")]
    [InlineData("""{"payload":{"a":1}""")]
    public async Task LegacyPost_MissingOrInvalidPayload_400AndNothingStored(string body)
    {
        var location = Api.NewLocation();
        await Api.CreateSensorAsync(client, location, "weather");

        var response = await client.PostAsync($"v1/weather/{Api.City}/{location}", Api.Json(body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"v1/weather/{Api.City}/{location}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
