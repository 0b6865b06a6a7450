using System.Net;
using System.Text.Json.Nodes;

using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>The whole life of a sensor through the HTTP pipeline.</summary>
public sealed class SensorLifecycleTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    private readonly HttpClient client = target.CreateClient();

    [Fact]
    public async Task Lifecycle_CreateIngestReadPageUpdateDelete_BehavesAsDocumented()
    {
        var city = Api.City;
        var location = Api.NewLocation();

        // Create.
        var created = await client.PostAsync("sensors", Api.Json(new { city, location, type = "weather", coordinates = new { lat = Api.TestLat, lon = Api.TestLon }, metadata = new { owner = "parks" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sensorId = $"{city}.{location}.weather";
        Assert.Equal($"/api/sensors/{sensorId}", created.Headers.Location?.OriginalString);
        var etag = created.Headers.ETag?.Tag;
        Assert.NotNull(etag);
        var sensor = await created.ReadJsonAsync();
        Assert.Equal(sensorId, (string?)sensor["id"]);
        Assert.Equal("active", (string?)sensor["status"]);
        Assert.Equal("parks", (string?)sensor["metadata"]?["owner"]);

        // Duplicate registration.
        var again = await client.PostAsync("sensors", Api.Json(new { city, location, type = "weather", coordinates = new { lat = 1, lon = 1 } }));
        await again.AssertProblemAsync(HttpStatusCode.Conflict);

        // Ingest 25 readings, in order.
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 25; i++)
        {
            var ingest = await Api.IngestAsync(client, sensorId, new { id = $"r{i:D3}", timestamp = start.AddMinutes(i), payload = new { tempC = i } });
            Assert.Equal(HttpStatusCode.Created, ingest.StatusCode);
        }

        // Latest.
        var latest = await (await client.GetAsync($"sensors/{sensorId}/readings/latest")).ReadJsonAsync();
        Assert.Equal("r024", (string?)latest["id"]);
        Assert.Equal(24, (int?)latest["payload"]?["tempC"]);
        Assert.Equal(Api.TestLat, (double?)latest["coordinates"]?["lat"]);

        // History pages: newest first, no item twice, none skipped, Link header to the next page.
        var seen = new List<string>();
        string? url = $"sensors/{sensorId}/readings?limit=10";
        var pages = 0;
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(item => (string)item!["id"]!));
            var next = (string?)page["nextCursor"];
            Assert.Equal(next is not null, response.Headers.Contains("Link"));
            url = next is null ? null : response.NextLink();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"r{i:D3}"), seen);

        // Update with the current ETag, then with the stale one.
        var update = await Api.PutJsonAsync(client, $"sensors/{sensorId}", new { coordinates = new { lat = Api.TestLat + 0.01, lon = Api.TestLon }, status = "active" }, etag);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.NotEqual(etag, update.Headers.ETag?.Tag);
        Assert.Null((await update.ReadJsonAsync())["metadata"]);
        var stale = await Api.PutJsonAsync(client, $"sensors/{sensorId}", new { coordinates = new { lat = 1, lon = 1 }, status = "inactive" }, etag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await client.GetAsync($"sensors/{sensorId}")).ReadJsonAsync();
        Assert.Equal(Api.TestLat + 0.01, (double?)current["coordinates"]?["lat"]);
        Assert.Equal("active", (string?)current["status"]);

        // Delete: readings are no longer served, ingest is refused.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"sensors/{sensorId}")).StatusCode);
        await (await client.GetAsync($"sensors/{sensorId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"sensors/{sensorId}/readings")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"sensors/{sensorId}/readings/latest")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Api.IngestAsync(client, sensorId, new { payload = new { tempC = 1 } })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"sensors/{sensorId}")).AssertProblemAsync(HttpStatusCode.NotFound);

        // Registered again under the same id: the old history stays gone.
        await Api.CreateSensorAsync(client, location);
        var reborn = await (await client.GetAsync($"sensors/{sensorId}/readings")).ReadJsonAsync();
        Assert.Empty(reborn["items"]!.AsArray());
        await (await client.GetAsync($"sensors/{sensorId}/readings/latest")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ingest_LateOlderReading_DoesNotReplaceLatestButIsInHistory()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        var now = DateTimeOffset.UtcNow;
        await Api.IngestAsync(client, sensorId, new { id = "new", timestamp = now, payload = new { v = 2 } });

        var late = await Api.IngestAsync(client, sensorId, new { id = "old", timestamp = now.AddMinutes(-30), payload = new { v = 1 } });

        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        var latest = await (await client.GetAsync($"sensors/{sensorId}/readings/latest")).ReadJsonAsync();
        Assert.Equal("new", (string?)latest["id"]);
        var history = await (await client.GetAsync($"sensors/{sensorId}/readings")).ReadJsonAsync();
        Assert.Equal(["new", "old"], history["items"]!.AsArray().Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task Ingest_SameIdAgain_Returns200WithOriginalAndStoresNothingNew()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        var timestamp = DateTimeOffset.UtcNow.AddMinutes(-1);

        var first = await Api.IngestAsync(client, sensorId, new { id = "retry-1", timestamp, payload = new { v = 1 } });
        var second = await Api.IngestAsync(client, sensorId, new { id = "retry-1", timestamp, payload = new { v = 1 } });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var history = await (await client.GetAsync($"sensors/{sensorId}/readings")).ReadJsonAsync();
        Assert.Single(history["items"]!.AsArray());
    }

    [Fact]
    public async Task Ingest_InactiveSensor_409AndNothingStored()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        var etag = (await client.GetAsync($"sensors/{sensorId}")).Headers.ETag!.Tag;
        await Api.PutJsonAsync(client, $"sensors/{sensorId}", new { coordinates = new { lat = Api.TestLat, lon = Api.TestLon }, status = "inactive" }, etag);

        var response = await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:citysense:problem:sensor-inactive", (string?)problem["type"]);
        var history = await (await client.GetAsync($"sensors/{sensorId}/readings")).ReadJsonAsync();
        Assert.Empty(history["items"]!.AsArray());
    }

    [Fact]
    public async Task ListSensors_ByCityWithCursor_AllOnceInIdOrder()
    {
        // The test city holds other tests' sensors too: a type of its own keeps this listing to these five.
        var prefix = Api.NewLocation();
        var type = Api.NewType();
        foreach (var suffix in new[] { "c", "a", "b", "e", "d" })
        {
            await Api.CreateSensorAsync(client, $"{prefix}-{suffix}", type);
        }

        var locations = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"sensors?city={Api.City}&type={type}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            locations.AddRange(page["items"]!.AsArray().Select(i => (string)i!["location"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(new[] { "a", "b", "c", "d", "e" }.Select(suffix => $"{prefix}-{suffix}"), locations);
    }

    [Fact]
    public async Task Health_DatabaseUp_200WithVersion()
    {
        var health = await (await client.GetAsync("health")).ReadJsonAsync();

        Assert.Equal("healthy", (string?)health["status"]);
        Assert.False(string.IsNullOrEmpty((string?)health["version"]));
    }

    [InProcessFact("the demo data is seeded by the DevHost only; a stage has its own sensors in houston")]
    public async Task DemoData_Loaded_HoustonSensorsListed()
    {
        var page = await (await client.GetAsync("sensors?city=houston")).ReadJsonAsync();

        var ids = page["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.Contains("houston.clay_st.weather", ids);
        Assert.Contains("houston.lyons_ave.air_quality", ids);
        Assert.Equal(6, ids.Count);
    }

    [InProcessFact("counts the app's Cosmos requests")]
    public async Task GetLatest_OnePointReadWhateverTheHistory()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        for (var i = 0; i < 20; i++)
        {
            await Api.IngestAsync(client, sensorId, new { timestamp = DateTimeOffset.UtcNow.AddSeconds(-i), payload = new { v = i } });
        }

        var sent = await target.DevHost.Counter.CountAsync(async () =>
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"sensors/{sensorId}/readings/latest")).StatusCode));

        Assert.Equal(["Read Document"], sent);
    }

    [InProcessFact("counts the app's Cosmos requests")]
    public async Task Ingest_ThroughHttp_TwoCosmosOperations()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        await Api.IngestAsync(client, sensorId, new { payload = new { v = 0 } });

        var sent = await target.DevHost.Counter.CountAsync(async () =>
            Assert.Equal(HttpStatusCode.Created, (await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } })).StatusCode));

        Assert.Equal(["Patch Document", "Create Document"], sent);
    }
}
