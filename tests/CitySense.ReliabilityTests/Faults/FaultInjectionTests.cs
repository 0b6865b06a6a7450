using System.Net;
using System.Text.Json.Nodes;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using Xunit.Abstractions;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// Injected Cosmos DB faults (429, 503, 408, 410, timeouts; some after the write was applied) through the DevHost
/// pipeline. The contract: 2xx means stored; a 5xx is a 503 problem with Retry-After that may or may not have
/// stored; retrying with the same reading id always converges to exactly one reading and the right latest.
/// </summary>
public sealed class FaultInjectionTests(FaultFixture fixture, ITestOutputHelper output) : IClassFixture<FaultFixture>
{
    private const double FaultRate = 0.10;
    private const int MaxAttempts = 30;

    private readonly HttpClient client = fixture.Client;
    private readonly HttpClient clean = fixture.CleanClient;

    [Fact]
    public async Task MixedWorkload_TenPercentFaults_EveryAcknowledgedReadingStoredAndRetriesConverge()
    {
        var city = ApiCalls.NewCity("faults");
        var sensors = new List<string>();
        for (var s = 0; s < 4; s++)
        {
            sensors.Add(await ApiCalls.CreateSensorAsync(clean, city, $"loc{s}", lat: 29.74 + (s * 0.001), lon: -95.34));
        }

        var workload = FaultWorkload.Create(sensors, seed: FaultFixture.Seed);
        var outcome = new FaultWorkloadOutcome();
        var retried = 0;
        var injectedBefore = fixture.Faults.Injected.Count;
        var cosmosRequestsBefore = fixture.Faults.Requests;
        fixture.Faults.Apply(new FaultRule(CosmosOperation.Documents, FaultRate, FaultRule.AllKinds));
        try
        {
            foreach (var step in workload.Steps)
            {
                await step(client, outcome);
            }

            // Retry every reading that got a 5xx, with the same id and timestamp, still under faults.
            foreach (var pending in outcome.TakePending())
            {
                retried++;
                await RetryUntilStoredAsync(pending, outcome);
            }
        }
        finally
        {
            fixture.Faults.Clear();
        }

        var injected = fixture.Faults.Injected.Skip(injectedBefore).ToList();
        Assert.True(outcome.ServiceUnavailable > 0, "No request failed: the faults did not reach the API.");
        Assert.All(FaultRule.AllKinds, kind => Assert.Contains(injected, fault => fault.Kind == kind));
        Assert.Contains(injected, fault => fault.ResponseLost);
        output.WriteLine(
            $"{outcome.Requests} requests, {outcome.Acknowledged.Count} readings acknowledged, {outcome.ServiceUnavailable} answered 503, " +
            $"{retried} readings retried; {fixture.Faults.Requests - cosmosRequestsBefore} Cosmos requests, {injected.Count} faults injected " +
            $"({string.Join(", ", injected.GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}; " +
            $"{injected.Count(f => f.ResponseLost)} after the write was applied; by operation: " +
            $"{string.Join(", ", injected.GroupBy(f => f.Operation).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}).");

        // A clean client (another instance, no faults) sees exactly what was acknowledged, once each.
        foreach (var sensorId in sensors)
        {
            var expected = outcome.Acknowledged.Where(r => r.SensorId == sensorId).ToDictionary(r => r.Id);
            var history = await ApiCalls.ReadHistoryAsync(clean, sensorId);
            var ids = history.Select(item => (string)item["id"]!).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
            foreach (var item in history)
            {
                var sent = expected[(string)item["id"]!];
                Assert.Equal(sent.Timestamp, DateTimeOffset.Parse((string)item["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(JsonNode.DeepEquals(sent.Payload, item["payload"]), $"Payload of {sent.Id} differs: {item["payload"]}");
            }

            var newest = expected.Values.MaxBy(r => (r.Timestamp, r.Id), Comparer<(DateTimeOffset, string)>.Create(
                (a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2)))!;
            var latest = await clean.GetJsonAsync($"/api/sensors/{sensorId}/readings/latest");
            Assert.Equal(newest.Id, (string?)latest["id"]);

            // Latest is the stored reading itself, not a copy from a failed attempt.
            Assert.True(
                JsonNode.DeepEquals(history.Single(item => (string?)item["id"] == newest.Id), latest),
                $"Latest {latest.ToJsonString()} differs from the stored reading.");

            // Registration updates: 2xx means applied; the final state is the last applied one.
            var sensor = await clean.GetJsonAsync($"/api/sensors/{sensorId}");
            var revision = (int?)sensor["metadata"]?["revision"] ?? 0;
            var updates = outcome.Updates.Where(u => u.SensorId == sensorId).ToList();
            var lastAcknowledged = updates.Where(u => u.Acknowledged).Select(u => u.Revision).DefaultIfEmpty(0).Max();
            Assert.True(revision >= lastAcknowledged, $"Sensor {sensorId} lost an acknowledged update ({revision} < {lastAcknowledged}).");
            Assert.True(revision == 0 || updates.Any(u => u.Revision == revision), $"Sensor {sensorId} has a revision nobody sent.");
        }
    }

    [Theory]
    [InlineData(CosmosOperation.Read, "GET", "/api/sensors/{0}")]
    [InlineData(CosmosOperation.Read, "GET", "/api/sensors/{0}/readings/latest")]
    [InlineData(CosmosOperation.Read, "GET", "/api/v1/weather/{1}/clay_st")]
    [InlineData(CosmosOperation.Query, "GET", "/api/sensors/{0}/readings")]
    [InlineData(CosmosOperation.Query, "GET", "/api/sensors/{0}/readings?format=csv")]
    [InlineData(CosmosOperation.Query, "GET", "/api/sensors?city={1}")]
    [InlineData(CosmosOperation.Query, "GET", "/api/sensors?near=29.742079,-95.346254&radius=500")]
    [InlineData(CosmosOperation.Query, "GET", "/api/readings/latest?near=29.742079,-95.346254")]
    [InlineData(CosmosOperation.Patch, "POST", "/api/sensors/{0}/readings")]
    [InlineData(CosmosOperation.Create, "POST", "/api/sensors/{0}/readings")]
    [InlineData(CosmosOperation.Patch, "POST", "/api/v1/weather/{1}/clay_st")]
    [InlineData(CosmosOperation.Patch, "PUT", "/api/sensors/{0}")]
    [InlineData(CosmosOperation.Delete, "DELETE", "/api/sensors/{0}")]
    [InlineData(CosmosOperation.Create, "POST", "/api/sensors")]
    [InlineData(CosmosOperation.Metadata, "GET", "/api/health")]
    public async Task Request_ThrottledPastTheRetries_503ProblemWithRetryAfterAndNothingChanged(CosmosOperation operation, string method, string template)
    {
        var city = ApiCalls.NewCity("throttled");
        var sensorId = await ApiCalls.CreateSensorAsync(clean, city);
        (await ApiCalls.IngestAsync(clean, sensorId, new { id = "before", payload = new { v = 1 } })).EnsureSuccessStatusCode();
        var before = await SensorStateAsync(sensorId);
        var timestamp = DateTimeOffset.UtcNow.AddSeconds(30);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, sensorId, city), UriKind.Relative));
        request.Content = method switch
        {
            "POST" when template == "/api/sensors" => ApiCalls.Json(new { city, location = "other", type = "weather", coordinates = new { lat = 1, lon = 1 } }),
            "POST" when template.StartsWith("/api/v1/", StringComparison.Ordinal) => ApiCalls.Json(new { payload = new { v = 2 } }),
            "POST" => ApiCalls.Json(new { id = "during", timestamp, payload = new { v = 2 } }),
            "PUT" => ApiCalls.Json(new { coordinates = new { lat = 1, lon = 1 }, status = "inactive" }),
            _ => null,
        };
        fixture.Faults.Apply(FaultRule.Always(operation, FaultKind.Throttled) with { RetryAfter = TimeSpan.FromMilliseconds(2500) });
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        finally
        {
            fixture.Faults.Clear();
        }

        var retryAfter = await ProblemAssert.IsServiceUnavailableAsync(response);
        Assert.Equal(3, retryAfter);
        if (operation == CosmosOperation.Create && template.EndsWith("/readings", StringComparison.Ordinal))
        {
            // The reading's create failed after "latest" moved: it may show as latest until the client retries,
            // and the retry converges to one stored reading that is also the latest.
            (await ApiCalls.IngestAsync(clean, sensorId, new { id = "during", timestamp, payload = new { v = 2 } })).EnsureSuccessStatusCode();
            var history = await ApiCalls.ReadHistoryAsync(clean, sensorId);
            Assert.Equal(["during", "before"], history.Select(item => (string)item["id"]!));
            var latest = await clean.GetJsonAsync($"/api/sensors/{sensorId}/readings/latest");
            Assert.True(JsonNode.DeepEquals(history[0], latest), $"Latest {latest.ToJsonString()} is not the stored {history[0].ToJsonString()}.");
        }
        else
        {
            Assert.Equal(before, await SensorStateAsync(sensorId));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await clean.GetAsync(new Uri($"/api/sensors/{city}.other.weather", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData(FaultKind.Throttled)]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.RequestTimeout)]
    [InlineData(FaultKind.Gone)]
    [InlineData(FaultKind.Timeout)]
    public async Task GetSensor_EveryReadFails_503ProblemWithRetryAfter(FaultKind kind)
    {
        var sensorId = await ApiCalls.CreateSensorAsync(clean, ApiCalls.NewCity("kind"));
        fixture.Faults.Apply(FaultRule.Always(CosmosOperation.Read, kind));
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));
        }
        finally
        {
            fixture.Faults.Clear();
        }

        await ProblemAssert.IsServiceUnavailableAsync(response);
    }

    [Theory]
    [InlineData("GET", "/api/sensors/{0}")]
    [InlineData("POST", "/api/sensors/{0}/readings")]
    public async Task Request_UnexpectedExceptionUnderTheStore_500ProblemWithoutInternals(string method, string template)
    {
        var sensorId = await ApiCalls.CreateSensorAsync(clean, ApiCalls.NewCity("bug"));
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, sensorId), UriKind.Relative))
        {
            Content = method == "POST" ? ApiCalls.Json(new { payload = new { v = 1 } }) : null,
        };
        fixture.Faults.Apply(FaultRule.Always(CosmosOperation.Documents, FaultKind.UnexpectedException));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        finally
        {
            fixture.Faults.Clear();
        }

        var body = await response.Content.ReadAsStringAsync();
        ProblemAssert.IsProblem(HttpStatusCode.InternalServerError, body, response.Content.Headers.ContentType?.MediaType, "internal");
        ProblemAssert.HasNoInternals(body);
        Assert.DoesNotContain("InvalidOperation", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_EveryCreateThrottled_200WithEachItem503AndNothingStored()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(clean, ApiCalls.NewCity("batch"));
        var readings = Enumerable.Range(0, 5).Select(i => new { sensorId, id = $"b{i}", payload = new { v = i } }).ToArray();
        fixture.Faults.Apply(FaultRule.Always(CosmosOperation.Create, FaultKind.Throttled));
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(new { readings }));
        }
        finally
        {
            fixture.Faults.Clear();
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        ProblemAssert.HasNoInternals(body.ToJsonString());
        Assert.Equal(5, (int?)body["errors"]);
        Assert.All(body["results"]!.AsArray(), item =>
        {
            Assert.Equal("error", (string?)item!["status"]);
            Assert.Equal(503, (int?)item["problem"]?["status"]);
            Assert.Equal("urn:citysense:problem:service-unavailable", (string?)item["problem"]?["type"]);
        });
        Assert.Empty(await ApiCalls.ReadHistoryAsync(clean, sensorId));
    }

    private async Task<string> SensorStateAsync(string sensorId)
    {
        using var sensor = await clean.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));
        using var latest = await clean.GetAsync(new Uri($"/api/sensors/{sensorId}/readings/latest", UriKind.Relative));
        var history = await ApiCalls.ReadHistoryAsync(clean, sensorId);
        return string.Join(
            "\n",
            (int)sensor.StatusCode,
            sensor.Headers.ETag?.Tag,
            await sensor.Content.ReadAsStringAsync(),
            (int)latest.StatusCode,
            await latest.Content.ReadAsStringAsync(),
            string.Join(",", history.Select(item => item.ToJsonString())));
    }

    private async Task RetryUntilStoredAsync(SentReading reading, FaultWorkloadOutcome outcome) =>
        Assert.True(
            await outcome.IngestUntilAcknowledgedAsync(client, reading, MaxAttempts),
            $"Reading {reading.Id} was not stored after {MaxAttempts} attempts at a {FaultRate:P0} fault rate.");
}
