using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitySense.ReliabilityTests.Support;

/// <summary>Calls the API as a client would.</summary>
public static class ApiCalls
{
    public static string NewCity(string prefix = "rel") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    public static async Task<string> CreateSensorAsync(
        HttpClient client,
        string city,
        string location = "clay_st",
        string type = "weather",
        double lat = 29.742079,
        double lon = -95.346254)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsync(
            new Uri("/api/sensors", UriKind.Relative),
            Json(new { city, location, type, coordinates = new { lat, lon } }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a sensor answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return $"{city}.{location}.{type}";
    }

    public static Task<HttpResponseMessage> IngestAsync(HttpClient client, string sensorId, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsync(new Uri($"/api/sensors/{sensorId}/readings", UriKind.Relative), Json(body));
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, object body, string? ifMatch)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.Relative)) { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    /// <summary>Every reading of a sensor's history, newest first, following the cursors.</summary>
    public static async Task<IReadOnlyList<JsonNode>> ReadHistoryAsync(HttpClient client, string sensorId)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync(
                $"/api/sensors/{sensorId}/readings?limit=1000" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            items.AddRange(page["items"]!.AsArray().Select(item => item!.DeepClone()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        return items;
    }
}
