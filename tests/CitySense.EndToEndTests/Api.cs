using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitySense.EndToEndTests;

/// <summary>Small helpers for calling the API as a client would.</summary>
internal static class Api
{
    public static string NewCity() => "e2e-" + Guid.NewGuid().ToString("N")[..10];

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    public static async Task<string> CreateSensorAsync(HttpClient client, string city, string location = "clay_st", string type = "weather", double lat = 29.742079, double lon = -95.346254)
    {
        var response = await client.PostAsync("/api/sensors", Json(new { city, location, type, coordinates = new { lat, lon } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return $"{city}.{location}.{type}";
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
        client.PostAsync($"/api/sensors/{sensorId}/readings", Json(body));

    public static async Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    public static async Task<T> GetFromJsonOrFailAsync<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
