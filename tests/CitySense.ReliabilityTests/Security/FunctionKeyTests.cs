using System.Net;
using CitySense.DevHost.Functions;
using CitySense.Functions;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// Every function refuses callers without the function key (in Azure only API Management has it, and the gateway
/// serves health and the API description anonymously). The refusal is the Functions host's own: a bare 401.
/// </summary>
public sealed class FunctionKeyTests(KeyedApiFixture fixture) : IClassFixture<KeyedApiFixture>
{
    private readonly HttpClient client = fixture.Client;

    public static TheoryData<string> KeyedFunctions() =>
        [.. FunctionCatalog.Load(typeof(SensorFunctions).Assembly).Select(f => f.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(KeyedFunctions))]
    public async Task KeyedFunction_NoKeyOrAWrongOne_Bare401AsTheHostAnswersAndNothingDone(string name)
    {
        var function = FunctionCatalog.Load(typeof(SensorFunctions).Assembly).Single(f => f.Name == name);
        var city = ApiCalls.NewCity("keys");
        var url = "/api/" + function.Route
            .Replace("{sensorId}", $"{city}.clay_st.weather", StringComparison.Ordinal)
            .Replace("{sensorType}", "weather", StringComparison.Ordinal)
            .Replace("{city}", city, StringComparison.Ordinal)
            .Replace("{location}", "clay_st", StringComparison.Ordinal);

        foreach (var method in function.Methods)
        {
            foreach (var key in new[] { null, "wrong-" + KeyedApiFixture.Base64UrlKey(), fixture.FunctionKey[..^1] })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
                request.Content = method is "POST" or "PUT"
                    ? ApiCalls.Json(new { city, location = "clay_st", type = "weather", coordinates = new { lat = 1, lon = 1 }, payload = new { v = 1 } })
                    : null;
                if (key is not null)
                {
                    request.Headers.Add("x-functions-key", key);
                }

                using var response = await client.SendAsync(request);

                // The host's UnauthorizedResult: status only. API Management holds the key, so clients never see this.
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            }
        }

        using var check = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/sensors/{city}.clay_st.weather", UriKind.Relative));
        check.Headers.Add("x-functions-key", fixture.FunctionKey);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(check)).StatusCode);
    }

    [Fact]
    public async Task KeyedFunctions_KeyInHeaderOrCodeParameter_Served()
    {
        var city = ApiCalls.NewCity("keys");
        var sensorId = $"{city}.clay_st.weather";

        using var created = await SendWithKeyAsync(HttpMethod.Post, "/api/sensors", new { city, location = "clay_st", type = "weather", coordinates = new { lat = 1, lon = 1 } });
        using var ingested = await SendWithKeyAsync(HttpMethod.Post, $"/api/sensors/{sensorId}/readings", new { payload = new { v = 1 } });
        using var latest = await SendWithKeyAsync(HttpMethod.Get, $"/api/sensors/{sensorId}/readings/latest");
        using var byCode = await client.GetAsync(new Uri($"/api/sensors/{sensorId}?code={Uri.EscapeDataString(fixture.FunctionKey)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ingested.StatusCode);
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byCode.StatusCode);
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/openapi.yaml")]
    [InlineData("/api/openapi.json")]
    public async Task HealthAndDescription_NoKey_RefusedButServedWithIt(string url)
    {
        using var refused = await client.GetAsync(new Uri(url, UriKind.Relative));
        using var served = await SendWithKeyAsync(HttpMethod.Get, url);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = body is null ? null : ApiCalls.Json(body) };
        request.Headers.Add("x-functions-key", fixture.FunctionKey);
        return await client.SendAsync(request);
    }
}
