using System.Net;
using System.Text.Json.Nodes;

using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>
/// near, bbox and latest-near over sensors each test places itself at a random point in open ocean, and (in-process
/// only) over the demo cities the DevHost seeds.
/// </summary>
public sealed class GeoSearchTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    private const double ClayStLat = 29.742079234296156;
    private const double ClayStLon = -95.34625445767158;
    private const string DemoData = "relies on the demo cities the DevHost seeds; a stage has its own sensors there";

    private readonly HttpClient client = target.CreateClient();

    [InProcessFact(DemoData)]
    public async Task Near_HoustonWeather_NearestFirstWithHaversineDistances()
    {
        var page = await GetAsync($"sensors?near={ClayStLat},{ClayStLon}&radius=6000&type=weather");

        var items = page["items"]!.AsArray();
        Assert.Equal(["houston.clay_st.weather", "houston.lyons_ave.weather"], items.Select(i => (string)i!["id"]!));
        Assert.Equal(0, (double)items[0]!["distanceMeters"]!, 0.5);
        var expected = Haversine(ClayStLat, ClayStLon, 29.77666625781551, -95.31539968940213);
        Assert.InRange(expected, 4800, 5000);
        Assert.Equal(expected, (double)items[1]!["distanceMeters"]!, 1.0);
    }

    [InProcessFact(DemoData)]
    public async Task Near_RadiusExcludesFartherSensors()
    {
        var page = await GetAsync($"sensors?near={ClayStLat},{ClayStLon}&radius=4000");

        var ids = page["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.Equal(3, ids.Count);
        Assert.All(ids, id => Assert.StartsWith("houston.clay_st.", id, StringComparison.Ordinal));
    }

    [InProcessFact(DemoData)]
    public async Task Near_ChicagoTrafficWithinOneKilometre_BothLocationsAbout860MetresApart()
    {
        var page = await GetAsync("sensors?near=41.90587258379623,-87.63444084296869&radius=1000&type=traffic&city=chicago");

        var items = page["items"]!.AsArray();
        Assert.Equal(["chicago.w_goethe_st.traffic", "chicago.lyons_ave.traffic"], items.Select(i => (string)i!["id"]!));
        Assert.InRange((double)items[1]!["distanceMeters"]!, 820, 900);
    }

    [Fact]
    public async Task Near_PlacedSensors_NearestFirstWithHaversineDistances()
    {
        var (lat, lon) = Api.RandomPoint();
        var type = Api.NewType();
        var nearest = await Api.CreateSensorAsync(client, type: type, lat: lat, lon: lon);
        var farther = await Api.CreateSensorAsync(client, type: type, lat: lat + 0.03, lon: lon + 0.03);
        await Api.CreateSensorAsync(client, type: type, lat: lat + 0.08, lon: lon);

        var page = await GetAsync($"sensors?near={Api.F(lat)},{Api.F(lon)}&radius=6000&type={type}");

        var items = page["items"]!.AsArray();
        Assert.Equal([nearest, farther], items.Select(i => (string)i!["id"]!));
        Assert.Equal(0, (double)items[0]!["distanceMeters"]!, 0.5);
        var expected = Haversine(lat, lon, lat + 0.03, lon + 0.03);
        Assert.InRange(expected, 3500, 5000);
        Assert.Equal(expected, (double)items[1]!["distanceMeters"]!, 1.0);
    }

    [Fact]
    public async Task Near_PlacedSensors_RadiusExcludesFartherOnes()
    {
        var (lat, lon) = Api.RandomPoint();
        var type = Api.NewType();
        var inside = new List<string>();
        foreach (var metresNorth in new[] { 0, 2000, 3000 })
        {
            inside.Add(await Api.CreateSensorAsync(client, type: type, lat: lat + (metresNorth / 111_195.0), lon: lon));
        }

        foreach (var metresNorth in new[] { 5000, 7000 })
        {
            await Api.CreateSensorAsync(client, type: type, lat: lat + (metresNorth / 111_195.0), lon: lon);
        }

        var page = await GetAsync($"sensors?near={Api.F(lat)},{Api.F(lon)}&radius=4000&type={type}");

        Assert.Equal(inside, page["items"]!.AsArray().Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task Near_PagedWithCursor_EachSensorOnceInDistanceOrder()
    {
        var (lat, lon) = Api.RandomPoint();
        var placed = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            // Every 100 m further north.
            placed.Add(await Api.CreateSensorAsync(client, type: "noise", lat: lat + (i * 0.0009), lon: lon));
        }

        var seen = new List<string>();
        var distances = new List<double>();
        string? url = $"sensors?near={Api.F(lat)},{Api.F(lon)}&radius=2000&type=noise&limit=3";
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            var page = await response.ReadJsonAsync();
            foreach (var item in page["items"]!.AsArray())
            {
                seen.Add((string)item!["id"]!);
                distances.Add((double)item["distanceMeters"]!);
            }

            url = response.NextLink();
        }

        Assert.Equal(placed, seen);
        Assert.Equal(distances.Order(), distances);
    }

    [InProcessFact(DemoData)]
    public async Task Bbox_AroundAustin_OnlyAustinSensors()
    {
        var page = await GetAsync("sensors?bbox=-97.8,30.25,-97.7,30.35");

        var ids = page["items"]!.AsArray().Select(i => (string)i!["id"]!).Where(id => id.StartsWith("austin.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["austin.hampton_rd.traffic", "austin.hampton_rd.weather", "austin.harmon_ave.air_quality", "austin.harmon_ave.weather"], ids);
        Assert.DoesNotContain(page["items"]!.AsArray(), i => ((string)i!["city"]!) is "houston" or "chicago");
    }

    [Fact]
    public async Task Bbox_AroundPlacedSensors_OnlyThoseInside()
    {
        var (lat, lon) = Api.RandomPoint();
        var type = Api.NewType();
        var inside = new List<string>();
        foreach (var (north, east) in new[] { (0.0, 0.0), (0.005, 0.005), (-0.005, 0.008) })
        {
            inside.Add(await Api.CreateSensorAsync(client, type: type, lat: lat + north, lon: lon + east));
        }

        foreach (var (north, east) in new[] { (0.02, 0.0), (0.0, -0.02) })
        {
            await Api.CreateSensorAsync(client, type: type, lat: lat + north, lon: lon + east);
        }

        var page = await GetAsync($"sensors?bbox={Api.F(lon - 0.01)},{Api.F(lat - 0.01)},{Api.F(lon + 0.01)},{Api.F(lat + 0.01)}&type={type}");

        Assert.Equal(inside.Order(StringComparer.Ordinal), page["items"]!.AsArray().Select(i => (string)i!["id"]!));
    }

    [Theory]
    [InlineData("sensors?near=91,0")]
    [InlineData("sensors?near=0,181")]
    [InlineData("sensors?near=abc")]
    [InlineData("sensors?near=1,2,3")]
    [InlineData("sensors?near=NaN,1")]
    [InlineData("sensors?near=1,2&radius=0")]
    [InlineData("sensors?near=1,2&radius=-5")]
    [InlineData("sensors?near=1,2&radius=50001")]
    [InlineData("sensors?near=1,2&radius=Infinity")]
    [InlineData("sensors?radius=100")]
    [InlineData("sensors?bbox=-97,31,-98,30")]
    [InlineData("sensors?bbox=-97,30,-96,29")]
    [InlineData("sensors?bbox=-190,30,-180,31")]
    [InlineData("sensors?bbox=-100,30,-90,31")]
    [InlineData("sensors?bbox=1,2,3")]
    [InlineData("sensors?bbox=-97.8,30.25,-97.7,30.35&near=30.3,-97.7")]
    [InlineData("readings/latest")]
    [InlineData("readings/latest?near=0,200")]
    [InlineData("readings/latest?near=1,2&radius=60000")]
    [InlineData("readings/latest?near=1,2&limit=201")]
    [InlineData("readings/latest?near=1,2&type=Bad!")]
    public async Task GeoQuery_InvalidParameters_400Problem(string url)
    {
        await (await client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task LatestNear_SensorsWithReadings_NearestFirstWithTheirLatestReading()
    {
        var (lat, lon) = Api.RandomPoint();
        var near = await Api.CreateSensorAsync(client, type: "air_quality", lat: lat, lon: lon);
        var far = await Api.CreateSensorAsync(client, type: "air_quality", lat: lat + 0.005, lon: lon);
        var silent = await Api.CreateSensorAsync(client, type: "air_quality", lat: lat + 0.001, lon: lon);
        var otherType = await Api.CreateSensorAsync(client, type: "weather", lat: lat, lon: lon + 0.001);
        await Api.IngestAsync(client, near, new { id = "old", timestamp = DateTimeOffset.UtcNow.AddMinutes(-2), payload = new { pm25 = 1 } });
        await Api.IngestAsync(client, near, new { id = "new", timestamp = DateTimeOffset.UtcNow.AddMinutes(-1), payload = new { pm25 = 2 } });
        await Api.IngestAsync(client, far, new { payload = new { pm25 = 3 } });
        await Api.IngestAsync(client, otherType, new { payload = new { tempC = 3 } });

        var page = await GetAsync($"readings/latest?near={Api.F(lat)},{Api.F(lon)}&radius=1000&type=air_quality");

        var items = page["items"]!.AsArray();
        Assert.Equal([near, far], items.Select(i => (string)i!["sensorId"]!));
        Assert.Equal("new", (string?)items[0]!["reading"]?["id"]);
        Assert.Equal(2, (int?)items[0]!["reading"]?["payload"]?["pm25"]);
        Assert.Equal("air_quality", (string?)items[0]!["type"]);
        Assert.Equal(Haversine(lat, lon, lat + 0.005, lon), (double)items[1]!["distanceMeters"]!, 1.0);
        Assert.DoesNotContain(items, i => (string?)i!["sensorId"] == silent);
    }

    [InProcessFact("counts the app's Cosmos requests")]
    public async Task LatestNear_OnePage_OneCosmosQuery()
    {
        var (lat, lon) = Api.RandomPoint();
        for (var i = 0; i < 5; i++)
        {
            var id = await Api.CreateSensorAsync(client, type: "noise", lat: lat + (i * 0.0005), lon: lon);
            await Api.IngestAsync(client, id, new { payload = new { db = 40 + i } });
        }

        var sent = await target.DevHost.Counter.CountAsync(async () =>
            Assert.Equal(5, (await GetAsync($"readings/latest?near={Api.F(lat)},{Api.F(lon)}&radius=2000")).AsObject()["items"]!.AsArray().Count));

        Assert.Equal(["Query Document"], sent);
    }

    [InProcessFact("counts the app's Cosmos requests (over the demo data)")]
    public async Task Near_OnePage_OneCosmosQuery()
    {
        var sent = await target.DevHost.Counter.CountAsync(async () =>
            await GetAsync($"sensors?near={ClayStLat},{ClayStLon}&radius=6000&limit=2"));

        Assert.Equal(["Query Document"], sent);
    }

    private async Task<JsonNode> GetAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>Reference great-circle distance, written independently of the app's.</summary>
    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = 6_371_008.8;
        double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2));
        return 2 * r * Math.Atan2(Math.Sqrt(h), Math.Sqrt(1 - h));
    }
}
