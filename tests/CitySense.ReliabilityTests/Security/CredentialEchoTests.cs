using System.Net;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// Credentials a client puts in its URL — the function key as <c>code</c>, a subscription key as
/// <c>subscription-key</c> — never come back: not in any response header (a paging Link repeats the query), not in
/// a body, not in the logs the app's settings let through.
/// </summary>
public sealed class CredentialEchoTests(LogCaptureFixture fixture) : IClassFixture<LogCaptureFixture>
{
    [Fact]
    public async Task PagedAndRefusedRequests_KeysInTheQuery_NoHeaderBodyOrLogHoldsThem()
    {
        var subscriptionKey = "subkey-" + Guid.NewGuid().ToString("N");
        var credentials = $"code={Uri.EscapeDataString(fixture.FunctionKey)}&subscription-key={subscriptionKey}";
        var logs = LogCaptureFixture.Logs(fixture.Configured);
        logs.Clear();
        var client = fixture.Configured.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", fixture.FunctionKey);
        var city = ApiCalls.NewCity("echo");
        var first = await ApiCalls.CreateSensorAsync(client, city, "a_st", lat: 10, lon: 10);
        var second = await ApiCalls.CreateSensorAsync(client, city, "b_st", lat: 10.0001, lon: 10);
        foreach (var (sensor, id) in new[] { (first, "r1"), (first, "r2"), (second, "r1") })
        {
            using var stored = await ApiCalls.IngestAsync(client, sensor, new { id, payload = new { v = 1 } });
            Assert.True(stored.IsSuccessStatusCode);
        }

        string[] paged =
        [
            $"/api/sensors?city={city}&limit=1",
            $"/api/sensors?near=10,10&radius=100&limit=1",
            $"/api/sensors/{first}/readings?limit=1",
            "/api/readings/latest?near=10,10&radius=100&limit=1",
        ];
        string[] refused = [$"/api/sensors?city={city}&limit=0", $"/api/sensors/{city}.none.weather", "/api/sensors?near=91,0"];

        foreach (var url in paged.Concat(refused))
        {
            using var response = await client.GetAsync(new Uri($"{url}&{credentials}".Replace("weather&", "weather?", StringComparison.Ordinal), UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            var headers = response.Headers.Concat(response.Content.Headers)
                .SelectMany(header => header.Value.Select(value => $"{header.Key}: {value}"))
                .ToList();

            Assert.DoesNotContain(headers, header => header.Contains(fixture.FunctionKey, StringComparison.Ordinal) || header.Contains(subscriptionKey, StringComparison.Ordinal));
            Assert.DoesNotContain(fixture.FunctionKey, body, StringComparison.Ordinal);
            Assert.DoesNotContain(subscriptionKey, body, StringComparison.Ordinal);
            if (paged.Contains(url))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(headers, header => header.StartsWith("Link: <", StringComparison.Ordinal) && header.Contains("cursor=", StringComparison.Ordinal));
            }
            else
            {
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"{url}: {(int)response.StatusCode}");
            }
        }

        var leaked = logs.GetSnapshot()
            .Where(record => record.Message.Contains(fixture.FunctionKey, StringComparison.Ordinal)
                || record.Message.Contains(subscriptionKey, StringComparison.Ordinal)
                || (record.StructuredState ?? []).Any(pair => pair.Value?.Contains(fixture.FunctionKey, StringComparison.Ordinal) == true
                    || pair.Value?.Contains(subscriptionKey, StringComparison.Ordinal) == true))
            .Select(record => $"[{record.Category}] {record.Message}")
            .ToList();
        Assert.Empty(leaked);
    }
}
