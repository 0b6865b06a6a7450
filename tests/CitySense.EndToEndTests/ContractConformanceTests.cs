using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.EndToEndTests;
using CitySense.Functions;
using CitySense.Testing.OpenApi;
using Xunit.Sdk;

[assembly: ContractConformanceTests.ResponsesMatchContract]

namespace CitySense.EndToEndTests;

/// <summary>
/// Every operation of openapi/openapi.yaml with its main outcomes, in-process or against CITYSENSE_BASE_URL. Like
/// every end-to-end test, each response is checked against the document (status, required headers, media type, JSON
/// schema) and the test fails on any mismatch (<see cref="ResponsesMatchContractAttribute"/>).
/// </summary>
public sealed class ContractConformanceTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    [Fact]
    public async Task RepresentativeFlow_EveryOperationAndOutcome_MatchesTheDocument()
    {
        var client = target.CreateClient();
        var city = Api.City;
        var (weatherLocation, airLocation, nowhere) = (Api.NewLocation(), Api.NewLocation(), Api.NewLocation());
        var weather = $"{city}.{weatherLocation}.weather";
        var air = $"{city}.{airLocation}.air_quality";
        var (lat, lon) = Api.RandomPoint();

        // Operations: health and the document itself, with revalidation (as every revalidated read below).
        Expect(HttpStatusCode.OK, await client.GetAsync("health"));
        Expect(HttpStatusCode.OK, await client.GetAsync("openapi.yaml"));
        var json = Expect(HttpStatusCode.OK, await client.GetAsync("openapi.json"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, "openapi.json", ifNoneMatch: json.Headers.ETag!.Tag));

        // Sensors: register, conflict, invalid bodies.
        var created = Expect(HttpStatusCode.Created, await client.PostAsync("sensors", Api.Json(new
        {
            city, location = weatherLocation, type = "weather", coordinates = new { lat, lon }, metadata = new { model = "ws-200" },
        })));
        Expect(HttpStatusCode.Created, await client.PostAsync("sensors", Api.Json(new
        {
            city, location = airLocation, type = "air_quality", coordinates = new { lat = lat + 0.001, lon },
        })));
        Expect(HttpStatusCode.Conflict, await client.PostAsync("sensors", Api.Json(new { city, location = weatherLocation, type = "weather", coordinates = new { lat, lon } })));
        Expect(HttpStatusCode.BadRequest, await client.PostAsync("sensors", Api.Json(new { city, location = "x", type = "weather", coordinates = new { lat = 100, lon } })));
        Expect(HttpStatusCode.BadRequest, await client.PostAsync("sensors", Api.Json("{")));
        Expect(HttpStatusCode.UnsupportedMediaType, await client.PostAsync("sensors", new StringContent("city=x", Encoding.UTF8, "text/plain")));

        // Sensors: read, list, search.
        Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}"));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync("sensors/Not.A.Sensor"));
        Expect(HttpStatusCode.NotFound, await client.GetAsync($"sensors/{city}.{nowhere}.weather"));
        var firstPage = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors?city={city}&limit=1"));
        Assert.True(firstPage.Headers.Contains("Link"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, $"sensors?city={city}&limit=1", ifNoneMatch: firstPage.Headers.ETag!.Tag));
        Expect(HttpStatusCode.OK, await client.GetAsync($"sensors?near={Api.F(lat)},{Api.F(lon)}&radius=1000&city={city}"));
        Expect(HttpStatusCode.OK, await client.GetAsync($"sensors?bbox={Api.F(lon - 0.1)},{Api.F(lat - 0.1)},{Api.F(lon + 0.1)},{Api.F(lat + 0.1)}&city={city}"));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync($"sensors?near={Api.F(lat)},{Api.F(lon)}&bbox=0,0,1,1"));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync("sensors?limit=0"));

        // Readings: ingest, idempotent repeat, invalid and oversized bodies.
        var now = DateTimeOffset.UtcNow;
        Expect(HttpStatusCode.Created, await Api.IngestAsync(client, weather, new { id = "r1", timestamp = now.AddMinutes(-2), payload = new { tempC = 21.5 } }));
        Expect(HttpStatusCode.OK, await Api.IngestAsync(client, weather, new { id = "r1", timestamp = now.AddMinutes(-2), payload = new { tempC = 21.5 } }));
        Expect(HttpStatusCode.Created, await Api.IngestAsync(client, weather, new { id = "r2", timestamp = now.AddMinutes(-1), payload = new { tempC = 22, wind = new { speedMs = 3.2 } } }));
        Expect(HttpStatusCode.BadRequest, await Api.IngestAsync(client, weather, new { payload = new { } }));
        Expect(HttpStatusCode.RequestEntityTooLarge, await client.PostAsync($"sensors/{weather}/readings", Api.Json("{\"payload\":{\"blob\":\"" + new string('x', 66 * 1024) + "\"}}")));
        Expect(HttpStatusCode.NotFound, await Api.IngestAsync(client, $"{city}.{nowhere}.weather", new { payload = new { v = 1 } }));

        // Readings: latest, history pages, CSV.
        var latest = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings/latest"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, $"sensors/{weather}/readings/latest", ifNoneMatch: latest.Headers.ETag!.Tag));
        Expect(HttpStatusCode.NotFound, await client.GetAsync($"sensors/{air}/readings/latest"));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync("sensors/Not.A.Sensor/readings/latest"));
        var history = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings?limit=1"));
        Assert.True(history.Headers.Contains("Link"));
        var lastPage = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, $"sensors/{weather}/readings", ifNoneMatch: lastPage.Headers.ETag!.Tag));
        var csv = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings.csv"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await csv.Content.ReadAsStringAsync(), await Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings?format=csv")).Content.ReadAsStringAsync());
        Expect(HttpStatusCode.BadRequest, await client.GetAsync($"sensors/{weather}/readings.csv?from=yesterday"));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync($"sensors/{weather}/readings?limit=0"));

        // Batches and latest-near.
        Expect(HttpStatusCode.OK, await client.PostAsync("readings", Api.Json(new
        {
            readings = new object[]
            {
                new { sensorId = air, id = "b1", payload = new { pm25 = 7.4 } },
                new { sensorId = weather, id = "r1", timestamp = now.AddMinutes(-2), payload = new { tempC = 21.5 } },
                new { sensorId = $"{city}.{nowhere}.weather", payload = new { v = 1 } },
                new { sensorId = air, payload = new { } },
            },
        })));
        Expect(HttpStatusCode.BadRequest, await client.PostAsync("readings", Api.Json(new { readings = Array.Empty<object>() })));
        var near = Expect(HttpStatusCode.OK, await client.GetAsync($"readings/latest?near={Api.F(lat)},{Api.F(lon)}&radius=500&limit=1"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, $"readings/latest?near={Api.F(lat)},{Api.F(lon)}&radius=500&limit=1", ifNoneMatch: near.Headers.ETag!.Tag));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync("readings/latest"));

        // Aggregates and the latest summary.
        var hourly = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings/aggregate?interval=1h&fields=tempC,wind.speedMs"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, $"sensors/{weather}/readings/aggregate?interval=1h&fields=tempC,wind.speedMs", ifNoneMatch: hourly.Headers.ETag!.Tag));
        var minutes = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings/aggregate?interval=1m&limit=1"));
        Assert.True(minutes.Headers.Contains("Link"));
        var aggregateCsv = Expect(HttpStatusCode.OK, await client.GetAsync($"sensors/{weather}/readings/aggregate?interval=1d&format=csv"));
        Assert.Equal("text/csv", aggregateCsv.Content.Headers.ContentType?.MediaType);
        Expect(HttpStatusCode.BadRequest, await client.GetAsync($"sensors/{weather}/readings/aggregate?interval=2h"));
        Expect(HttpStatusCode.NotFound, await client.GetAsync($"sensors/{city}.{nowhere}.weather/readings/aggregate?interval=1h"));
        var summary = Expect(HttpStatusCode.OK, await client.GetAsync($"readings/latest/summary?near={Api.F(lat)},{Api.F(lon)}&radius=500"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, $"readings/latest/summary?near={Api.F(lat)},{Api.F(lon)}&radius=500", ifNoneMatch: summary.Headers.ETag!.Tag));
        Expect(HttpStatusCode.OK, await client.GetAsync($"readings/latest/summary?city={city}&type=weather&fields=tempC"));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync("readings/latest/summary"));

        // Compatibility routes.
        Expect(HttpStatusCode.OK, await client.PostAsync($"v1/air_quality/{city}/{airLocation}", new StringContent("""{"payload":{"pm25":8}}""")));
        var legacy = Expect(HttpStatusCode.OK, await client.GetAsync($"v1/air_quality/{city}/{airLocation}"));
        Expect(HttpStatusCode.NotModified, await SendAsync(client, HttpMethod.Get, $"v1/air_quality/{city}/{airLocation}", ifNoneMatch: legacy.Headers.ETag!.Tag));
        Expect(HttpStatusCode.BadRequest, await client.PostAsync($"v1/air_quality/{city}/{airLocation}", new StringContent("""{"payload":{}}""")));
        Expect(HttpStatusCode.NotFound, await client.GetAsync($"v1/weather/{city}/{nowhere}"));
        Expect(HttpStatusCode.BadRequest, await client.GetAsync($"v1/weather/{city}/No_Slug"));

        // Changes: update with and without a current ETag, inactive sensor, delete.
        var etag = created.Headers.ETag!.Tag;
        var updated = Expect(HttpStatusCode.OK, await Api.PutJsonAsync(client, $"sensors/{weather}", new { coordinates = new { lat, lon }, status = "inactive" }, etag));
        Assert.NotEqual(etag, updated.Headers.ETag?.Tag);
        Expect(HttpStatusCode.PreconditionFailed, await Api.PutJsonAsync(client, $"sensors/{weather}", new { coordinates = new { lat, lon }, status = "active" }, etag));
        Expect(HttpStatusCode.BadRequest, await Api.PutJsonAsync(client, $"sensors/{weather}", new { coordinates = new { lat, lon } }, null));
        Expect(HttpStatusCode.NotFound, await Api.PutJsonAsync(client, $"sensors/{city}.{nowhere}.weather", new { coordinates = new { lat, lon }, status = "active" }, null));
        Expect(HttpStatusCode.Conflict, await Api.IngestAsync(client, weather, new { payload = new { tempC = 1 } }));
        Expect(HttpStatusCode.Conflict, await client.PostAsync($"v1/weather/{city}/{weatherLocation}", new StringContent("""{"payload":{"tempC":1}}""")));
        Expect(HttpStatusCode.NoContent, await client.DeleteAsync($"sensors/{weather}"));
        Expect(HttpStatusCode.NotFound, await client.DeleteAsync($"sensors/{weather}"));
        Expect(HttpStatusCode.BadRequest, await client.DeleteAsync("sensors/Not.A.Sensor"));
    }

    [Fact]
    public void ContractCheck_DuringATest_Active()
    {
        // Without it, responses would be checked but no test would fail on a mismatch.
        Assert.True(ResponsesMatchContractAttribute.IsActive);
    }

    [Fact]
    public async Task GetSensor_DocumentRequiresAFieldTheApiOmits_ViolationRecorded()
    {
        var document = JsonNode.Parse(OpenApiDocument.Embedded.JsonText)!.AsObject();
        document["components"]!["schemas"]!["Sensor"]!["required"]!.AsArray().Add("serialNumber");
        var violations = new ConcurrentQueue<ContractViolation>();
        using var client = target.CreateClient(new OpenApiResponseValidator(document), violations.Enqueue);
        var sensorId = await Api.CreateSensorAsync(client);

        var response = await client.GetAsync($"sensors/{sensorId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(violations, violation =>
            violation.Path == $"/api/sensors/{sensorId}" && violation.Message.Contains("serialNumber", StringComparison.Ordinal));
    }

    private static HttpResponseMessage Expect(HttpStatusCode status, HttpResponseMessage response)
    {
        Assert.True(
            response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}");
        return response;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        return await client.SendAsync(request);
    }

    /// <summary>
    /// The one place where the contract check fails tests: around every end-to-end test it collects the violations
    /// that the validating handler of <see cref="CitySenseTarget"/>'s clients records for that test's requests (it never throws mid-request), and
    /// fails the test when there are any.
    /// </summary>
    [AttributeUsage(AttributeTargets.Assembly)]
    internal sealed class ResponsesMatchContractAttribute : BeforeAfterTestAttribute
    {
        // Flows from Before into the test method and everything it awaits or starts, so each test sees its own.
        private static readonly AsyncLocal<ConcurrentQueue<ContractViolation>?> Current = new();

        public static bool IsActive => Current.Value is not null;

        public static void Record(ContractViolation violation) => Current.Value?.Enqueue(violation);

        public override void Before(MethodInfo methodUnderTest) => Current.Value = new ConcurrentQueue<ContractViolation>();

        public override void After(MethodInfo methodUnderTest)
        {
            var violations = Current.Value;
            Current.Value = null;
            if (violations is { IsEmpty: false })
            {
                Assert.Fail(ContractViolation.Describe(violations));
            }
        }
    }
}
