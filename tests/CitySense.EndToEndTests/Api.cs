using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>
/// Small helpers for calling the API as a client would. Paths are relative to the API root (<c>sensors/...</c>), so
/// they work in-process and against CITYSENSE_BASE_URL alike.
/// </summary>
internal static class Api
{
    /// <summary>Where test sensors stand unless a test places them: open ocean, away from any real city's sensors.</summary>
    public const double TestLat = -31.472918;

    /// <inheritdoc cref="TestLat"/>
    public const double TestLon = 88.613027;

    /// <summary>The city every test registers its sensors in (CITYSENSE_TEST_CITY).</summary>
    public static string City => TargetSettings.Current.TestCity;

    /// <summary>A city name no sensor has: only for requests that must find or store nothing.</summary>
    public static string NewCity() => "e2e-" + Unique();

    /// <summary>A location no other test uses, so each test's sensor ids are its own within <see cref="City"/>.</summary>
    public static string NewLocation() => "loc-" + Unique();

    /// <summary>A sensor type no other test uses, for queries that must return only this test's sensors.</summary>
    public static string NewType() => "type-" + Unique();

    /// <summary>A point in open ocean no other test uses, so geo results contain only this test's sensors.</summary>
    public static (double Lat, double Lon) RandomPoint() =>
        (Math.Round(-40 + (Random.Shared.NextDouble() * 20), 6), Math.Round(-150 + (Random.Shared.NextDouble() * 40), 6));

    /// <summary>A coordinate as the API's query parameters take it (round-trip, invariant).</summary>
    public static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    /// <summary>Registers a sensor (201 asserted) and returns its id; by default a new location in <see cref="City"/>.</summary>
    public static async Task<string> CreateSensorAsync(
        HttpClient client, string? location = null, string type = "weather", double lat = TestLat, double lon = TestLon)
    {
        location ??= NewLocation();
        var response = await client.PostAsync("sensors", Json(new { city = City, location, type, coordinates = new { lat, lon } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return $"{City}.{location}.{type}";
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>Asserts an RFC 9457 problem with the given status and returns it.</summary>
    public static async Task<JsonNode> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.StartsWith("urn:citysense:problem:", (string?)problem["type"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        Assert.Equal((int)status, (int?)problem["status"]);
        if (field is not null)
        {
            Assert.NotNull(problem["errors"]?[field]);
        }

        return problem;
    }

    public static Task<HttpResponseMessage> IngestAsync(HttpClient client, string sensorId, object body) =>
        client.PostAsync($"sensors/{sensorId}/readings", Json(body));

    public static async Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The target of a <c>Link: &lt;...&gt;; rel="next"</c> header (root-relative), or null without one.</summary>
    public static string? NextLink(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('>')[0].TrimStart('<') : null;

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];
}
