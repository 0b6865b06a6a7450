using System.Net;
using System.Text;

namespace CitySense.EndToEndTests;

/// <summary>The old system's two routes, as its clients call them.</summary>
public sealed class CompatibilityTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task LegacyPostThenGet_FormContentTypeLikeCurl_RoundTripsPayloadAndLocation()
    {
        var city = Api.NewCity();
        await Api.CreateSensorAsync(client, city, "clay_st", "weather", 29.742079234296156, -95.34625445767158);

        // curl -d sends application/x-www-form-urlencoded; the old clients relied on that working.
        var post = await client.PostAsync($"/api/v1/weather/{city}/clay_st", new StringContent("""{"payload":{"tempC":21}}""", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var get = await client.GetAsync($"/api/v1/weather/{city}/clay_st");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var posted = await post.ReadJsonAsync();
        Assert.NotNull((string?)posted["timestamp"]);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var reading = await get.ReadJsonAsync();
        Assert.Equal(21, (int?)reading["payload"]?["tempC"]);
        Assert.Equal((string?)posted["timestamp"], (string?)reading["timestamp"]);
        Assert.Equal(29.742079234296156, (double?)reading["location"]?["lat"]);
        Assert.Equal(-95.34625445767158, (double?)reading["location"]?["long"]);
    }

    [Fact]
    public async Task DemoSensor_DoneWhenExample_Works()
    {
        var post = await client.PostAsync("/api/v1/weather/houston/clay_st", new StringContent("""{"payload":{"tempC":21}}"""));
        var get = await client.GetAsync("/api/v1/weather/houston/clay_st");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(21, (int?)(await get.ReadJsonAsync())["payload"]?["tempC"]);
    }

    [Fact]
    public async Task LegacyRoutes_UnknownSensor_404NotTheOld401()
    {
        var city = Api.NewCity();

        await (await client.PostAsync($"/api/v1/weather/{city}/nowhere", Api.Json("""{"payload":{"a":1}}"""))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/v1/weather/{city}/nowhere")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LegacyGet_NoReadingYet_404()
    {
        var city = Api.NewCity();
        await Api.CreateSensorAsync(client, city, "x", "traffic");

        await (await client.GetAsync($"/api/v1/traffic/{city}/x")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"payload":null}""")]
    [InlineData("""{"payload":"warm"}""")]
    [InlineData("""{"payload":{}}""")]
    [InlineData("""{"payload":{"a":1}""")]
    public async Task LegacyPost_MissingOrInvalidPayload_400AndNothingStored(string body)
    {
        var city = Api.NewCity();
        await Api.CreateSensorAsync(client, city, "x", "weather");

        var response = await client.PostAsync($"/api/v1/weather/{city}/x", Api.Json(body));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/v1/weather/{city}/x")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
