using System.Net;
using CitySense.DevHost.Functions;
using CitySense.Functions;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// Keyed functions refuse callers without the function key (in Azure only API Management has it); health and the
/// API description stay open.
/// </summary>
public sealed class FunctionKeyTests(KeyedApiFixture fixture) : IClassFixture<KeyedApiFixture>
{
    private static readonly string[] AnonymousFunctions = ["GetHealth", "GetOpenApiYaml", "GetOpenApiJson"];

    private readonly HttpClient client = fixture.Client;

    public static TheoryData<string> KeyedFunctions() =>
        [.. FunctionCatalog.Load(typeof(SensorFunctions).Assembly).Select(f => f.Name).Except(AnonymousFunctions).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(KeyedFunctions))]
    public async Task KeyedFunction_NoKeyOrAWrongOne_401ProblemAndNothingDone(string name)
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

                var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
                Assert.DoesNotContain(fixture.FunctionKey[..10], problem.ToJsonString(), StringComparison.Ordinal);
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
    public async Task AnonymousFunction_NoKey_Served(string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = body is null ? null : ApiCalls.Json(body) };
        request.Headers.Add("x-functions-key", fixture.FunctionKey);
        return await client.SendAsync(request);
    }
}
