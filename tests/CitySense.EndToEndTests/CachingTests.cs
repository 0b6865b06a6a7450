using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CitySense.Core.Json;
using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>
/// What each route tells caches, through the whole HTTP pipeline: its Cache-Control, the ETag of its body, and a 304
/// for a copy that is still current (never for one that is not). In-process, against <c>func start</c>, or through API
/// Management with an operator key (whose answers API Management does not cache). Public and private audiences per
/// product: <see cref="Callers.CacheAudienceTests"/>.
/// </summary>
public sealed partial class CachingTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    private readonly HttpClient client = target.CreateClient();

    [Fact]
    public async Task Latest_RevalidatedWithItsETag_304UntilANewerReadingArrives()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        await Api.IngestAsync(client, sensorId, new { id = "r1", timestamp = DateTimeOffset.UtcNow.AddMinutes(-2), payload = new { v = 1 } });
        var path = $"sensors/{sensorId}/readings/latest";

        var first = await client.GetAsync(path);
        var etag = AssertContentETag(first);
        AssertCacheControl(first, "max-age=5");
        var unchanged = await GetAsync(path, etag);
        await Api.IngestAsync(client, sensorId, new { id = "r2", timestamp = DateTimeOffset.UtcNow.AddMinutes(-1), payload = new { v = 2 } });
        var changed = await GetAsync(path, etag);

        await AssertNotModifiedAsync(unchanged, etag, first);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, AssertContentETag(changed));
        Assert.Equal("r2", (string?)(await changed.ReadJsonAsync())["id"]);
    }

    [Fact]
    public async Task LegacyLatest_RevalidatedWithItsETag_304()
    {
        var location = Api.NewLocation();
        var sensorId = await Api.CreateSensorAsync(client, location);
        await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } });
        var path = $"v1/weather/{Api.City}/{location}";

        var first = await client.GetAsync(path);
        var etag = AssertContentETag(first);

        await AssertNotModifiedAsync(await GetAsync(path, etag), etag, first);
        AssertCacheControl(first, "max-age=5");
    }

    [Fact]
    public async Task History_PastRange_FreshForAMinuteAnd304ButALateReadingChangesIt()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < 3; i++)
        {
            await Api.IngestAsync(client, sensorId, new { id = $"r{i}", timestamp = start.AddMinutes(i), payload = new { v = i } });
        }

        var path = $"sensors/{sensorId}/readings?from={Time(start)}&to={Time(start.AddMinutes(30))}&limit=2";
        var first = await client.GetAsync(path);
        var etag = AssertContentETag(first);
        var unchanged = await GetAsync(path, etag);
        await Api.IngestAsync(client, sensorId, new { id = "late", timestamp = start.AddMinutes(10), payload = new { v = 9 } });
        var late = await GetAsync(path, etag);

        AssertCacheControl(first, "max-age=60");
        Assert.Equal("Accept", Header(first, "Vary"));
        Assert.NotNull(first.NextLink());
        await AssertNotModifiedAsync(unchanged, etag, first);
        Assert.Null(unchanged.NextLink());
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.NotEqual(etag, AssertContentETag(late));
        Assert.Equal("late", (string?)(await late.ReadJsonAsync())["items"]![0]!["id"]);
    }

    [Fact]
    public async Task History_RangeReachingNow_FreshFor5Seconds()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } });

        var response = await client.GetAsync($"sensors/{sensorId}/readings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertContentETag(response);
        AssertCacheControl(response, "max-age=5");
        Assert.Equal("Accept", Header(response, "Vary"));
    }

    [Fact]
    public async Task SensorList_RevalidatedWithItsETag_304UntilASensorIsAdded()
    {
        var type = Api.NewType();
        await Api.CreateSensorAsync(client, type: type);
        var path = $"sensors?city={Api.City}&type={type}";

        var first = await client.GetAsync(path);
        var etag = AssertContentETag(first);
        var unchanged = await GetAsync(path, etag);
        await Api.CreateSensorAsync(client, type: type);
        var changed = await GetAsync(path, etag);

        AssertCacheControl(first, "max-age=30");
        await AssertNotModifiedAsync(unchanged, etag, first);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await changed.ReadJsonAsync())["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task LatestNear_RevalidatedWithItsETag_304()
    {
        var (lat, lon) = Api.RandomPoint();
        var sensorId = await Api.CreateSensorAsync(client, lat: lat, lon: lon);
        await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } });
        var path = $"readings/latest?near={Api.F(lat)},{Api.F(lon)}&radius=100";

        var first = await client.GetAsync(path);
        var etag = AssertContentETag(first);

        AssertCacheControl(first, "max-age=5");
        await AssertNotModifiedAsync(await GetAsync(path, etag), etag, first);
    }

    /// <summary>Its ETag versions the registration for If-Match; latestReadingAt moves without it, so caches must ask again.</summary>
    [Fact]
    public async Task Sensor_IfNoneMatchItsETag_AlwaysTheWholeSensorAndNoCache()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        var first = await client.GetAsync($"sensors/{sensorId}");
        var etag = first.Headers.ETag!.Tag;
        await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } });

        var again = await GetAsync($"sensors/{sensorId}", etag);

        AssertCacheControl(first, "no-cache");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag?.Tag);
        Assert.NotNull((string?)(await again.ReadJsonAsync())["latestReadingAt"]);
    }

    [Fact]
    public async Task Export_FreshnessOfItsRangeButNoETag_AliasVariesByAccept()
    {
        var sensorId = await Api.CreateSensorAsync(client);
        await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } });

        var export = await client.GetAsync($"sensors/{sensorId}/readings.csv");
        var past = await client.GetAsync($"sensors/{sensorId}/readings.csv?to={Time(DateTimeOffset.UtcNow.AddHours(-1))}");
        using var byAccept = new HttpRequestMessage(HttpMethod.Get, $"sensors/{sensorId}/readings");
        byAccept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var alias = await client.SendAsync(byAccept);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        AssertCacheControl(export, "max-age=5");
        Assert.Null(export.Headers.ETag);
        Assert.Null(Header(export, "Vary"));
        AssertCacheControl(past, "max-age=60");
        Assert.Equal("text/csv", alias.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Accept", Header(alias, "Vary"));
    }

    [Fact]
    public async Task WritesHealthAndProblems_NoStore()
    {
        var location = Api.NewLocation();
        var sensorId = $"{Api.City}.{location}.weather";
        var created = await client.PostAsync("sensors", Api.Json(new { city = Api.City, location, type = "weather", coordinates = new { lat = Api.TestLat, lon = Api.TestLon } }));
        var ingested = await Api.IngestAsync(client, sensorId, new { payload = new { v = 1 } });
        var batch = await client.PostAsync("readings", Api.Json(new { readings = new[] { new { sensorId, payload = new { v = 2 } } } }));
        var updated = await Api.PutJsonAsync(client, $"sensors/{sensorId}", new { coordinates = new { lat = Api.TestLat, lon = Api.TestLon }, status = "active" }, ifMatch: null);
        var legacy = await client.PostAsync($"v1/weather/{Api.City}/{location}", new StringContent("""{"payload":{"v":3}}"""));
        var health = await client.GetAsync("health");
        var invalid = await client.GetAsync("sensors?limit=0");
        var missing = await client.GetAsync($"sensors/{Api.City}.{Api.NewLocation()}.weather/readings/latest");
        var deleted = await client.DeleteAsync($"sensors/{sensorId}");

        Assert.All(
            new[] { created, ingested, batch, updated, legacy, health, invalid, missing, deleted },
            response => Assert.Equal("no-store", Header(response, "Cache-Control")));
        Assert.Equal(
            [HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.NoContent],
            new[] { created, ingested, batch, updated, legacy, health, invalid, missing, deleted }.Select(response => response.StatusCode));
    }

    /// <summary>API Management sets the product of the caller's key; answers to any product but public are private.</summary>
    private async Task<HttpResponseMessage> GetAsync(string path, string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request);
    }

    private static async Task AssertNotModifiedAsync(HttpResponseMessage response, string etag, HttpResponseMessage full)
    {
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        Assert.Equal(Header(full, "Cache-Control"), Header(response, "Cache-Control"));
        Assert.Equal(Header(full, "Vary"), Header(response, "Vary"));
    }

    private static string AssertContentETag(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Matches(ContentTag(), etag.Tag);
        return etag.Tag;
    }

    /// <summary>
    /// Through API Management the caller's product decides between public and private (see CachePolicy); anywhere
    /// else there is no product, and the answer is public.
    /// </summary>
    private static void AssertCacheControl(HttpResponseMessage response, string freshness)
    {
        // Without a subscription key every call is an admin's (a DevHost with no callers, or a Functions host called
        // directly with admin caller headers): answers that may carry caller ids are private. Which product gets which
        // audience is CacheAudienceTests'.
        var value = Header(response, "Cache-Control");
        if (TargetSettings.Current.SubscriptionKey is null)
        {
            Assert.Equal("private, " + freshness, value);
        }
        else
        {
            Assert.Matches("^(public|private), " + Regex.Escape(freshness) + "$", value);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    private static string Time(DateTimeOffset time) => Uri.EscapeDataString(Timestamps.Format(time));

    [GeneratedRegex("^\"[0-9a-f]{32}\"$", RegexOptions.CultureInvariant)]
    private static partial Regex ContentTag();
}
