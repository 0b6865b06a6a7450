using System.Globalization;
using System.Net;
using System.Text;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using Microsoft.Extensions.Logging.Testing;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// Logs hold ids and outcomes, never reading payloads, sensor metadata or keys: every record (message, structured
/// values, scopes, exceptions) is searched for a distinctive payload value and the function key.
/// </summary>
public sealed class LogRedactionTests(LogCaptureFixture fixture) : IClassFixture<LogCaptureFixture>
{
    [Fact]
    public async Task EveryOperationIncludingFailures_KeyInHeaderAndEverythingLoggedAtTrace_LogsHoldNoPayloadValueAndNoKey()
    {
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        const double number = 271828.18284590452;
        var logs = LogCaptureFixture.Logs(fixture.Verbose);
        logs.Clear();
        var client = fixture.Verbose.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", fixture.FunctionKey);

        await RunEveryOperationAsync(client, fixture.Faults[fixture.Verbose], canary, number);

        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.StartsWith("Stored reading", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Exception is not null);
        Assert.Contains(records, r => r.Category?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true);
        AssertNotLogged(records, canary, number.ToString(CultureInfo.InvariantCulture), fixture.FunctionKey);
    }

    [Fact]
    public async Task EveryOperation_KeyInCodeParameterWithTheAppsLogSettings_LogsHoldNoPayloadValueAndNoKey()
    {
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        const double number = 314159.26535897932;
        var logs = LogCaptureFixture.Logs(fixture.Configured);
        logs.Clear();
        using var client = fixture.Configured.CreateDefaultClient(new CodeParameterHandler(fixture.FunctionKey));

        await RunEveryOperationAsync(client, fixture.Faults[fixture.Configured], canary, number);

        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.StartsWith("Registered sensor", StringComparison.Ordinal));
        AssertNotLogged(records, canary, number.ToString(CultureInfo.InvariantCulture), fixture.FunctionKey);
    }

    private static async Task RunEveryOperationAsync(HttpClient client, FaultInjectingRequestHandler faults, string canary, double number)
    {
        var city = ApiCalls.NewCity("logs");
        var sensorId = $"{city}.clay_st.weather";
        var payload = new { secret = canary, value = number, nested = new { deeper = canary } };
        async Task Expect(HttpStatusCode status, Task<HttpResponseMessage> call)
        {
            using var response = await call;
            Assert.True(status == response.StatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await Expect(HttpStatusCode.Created, client.PostAsync(Url("/api/sensors"), ApiCalls.Json(new { city, location = "clay_st", type = "weather", coordinates = new { lat = 1, lon = 1 }, metadata = new { owner = canary } })));
        await Expect(HttpStatusCode.Created, client.PostAsync(Url($"/api/sensors/{sensorId}/readings"), ApiCalls.Json(new { id = "r1", payload })));
        await Expect(HttpStatusCode.OK, client.PostAsync(Url($"/api/sensors/{sensorId}/readings"), ApiCalls.Json(new { id = "r1", payload })));
        await Expect(HttpStatusCode.OK, client.PostAsync(Url("/api/readings"), ApiCalls.Json(new { readings = new[] { new { sensorId, id = "r2", payload } } })));
        await Expect(HttpStatusCode.OK, client.PostAsync(Url($"/api/v1/weather/{city}/clay_st"), ApiCalls.Json(new { payload })));
        await Expect(HttpStatusCode.OK, client.GetAsync(Url($"/api/sensors/{sensorId}/readings/latest")));
        await Expect(HttpStatusCode.OK, client.GetAsync(Url($"/api/sensors/{sensorId}/readings")));
        await Expect(HttpStatusCode.OK, client.GetAsync(Url($"/api/sensors/{sensorId}/readings?format=csv")));
        await Expect(HttpStatusCode.OK, client.GetAsync(Url($"/api/v1/weather/{city}/clay_st")));
        await Expect(HttpStatusCode.OK, client.GetAsync(Url("/api/readings/latest?near=1,1")));

        // Refusals and failures log too: validation, and a database that fails the write.
        await Expect(HttpStatusCode.BadRequest, client.PostAsync(Url($"/api/sensors/{sensorId}/readings"), ApiCalls.Json(new { id = "bad id", payload })));
        await Expect(HttpStatusCode.BadRequest, client.PostAsync(Url($"/api/sensors/{sensorId}/readings"), ApiCalls.Json($$"""{"payload":{"secret":"{{canary}}"},"unknown":"{{canary}}"}""")));
        faults.Apply(FaultRule.Always(CosmosOperation.Create, FaultKind.ServiceUnavailable) with { ResponseLostShare = 1.0 });
        try
        {
            await Expect(HttpStatusCode.ServiceUnavailable, client.PostAsync(Url($"/api/sensors/{sensorId}/readings"), ApiCalls.Json(new { id = "r3", payload })));
            await Expect(HttpStatusCode.OK, client.PostAsync(Url("/api/readings"), ApiCalls.Json(new { readings = new[] { new { sensorId, id = "r4", payload } } })));
        }
        finally
        {
            faults.Clear();
        }

        using var sensor = await client.GetAsync(Url($"/api/sensors/{sensorId}"));
        using var update = new HttpRequestMessage(HttpMethod.Put, Url($"/api/sensors/{sensorId}"))
        {
            Content = ApiCalls.Json(new { coordinates = new { lat = 2, lon = 2 }, status = "active", metadata = new { owner = canary } }),
        };
        update.Headers.TryAddWithoutValidation("If-Match", sensor.Headers.ETag!.Tag);
        await Expect(HttpStatusCode.OK, client.SendAsync(update));
        await Expect(HttpStatusCode.NoContent, client.DeleteAsync(Url($"/api/sensors/{sensorId}")));
    }

    private static void AssertNotLogged(IReadOnlyList<FakeLogRecord> records, params string[] secrets)
    {
        foreach (var record in records)
        {
            var text = Render(record);
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A log record holds a payload value or the key: [{record.Category}] {text}");
            }
        }
    }

    private static string Render(FakeLogRecord record)
    {
        var text = new StringBuilder(record.Message).AppendLine();
        foreach (var (key, value) in record.StructuredState ?? [])
        {
            text.Append(key).Append('=').AppendLine(value);
        }

        foreach (var scope in record.Scopes)
        {
            text.AppendLine(scope is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : scope?.ToString());
        }

        return text.AppendLine(record.Exception?.ToString()).ToString();
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>Sends the function key as the code query parameter instead of a header.</summary>
    private sealed class CodeParameterHandler(string key) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.ToString();
            request.RequestUri = new Uri(uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + Uri.EscapeDataString(key));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
