using System.Collections.Concurrent;
using System.Net;
using CitySense.ReliabilityTests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace CitySense.ReliabilityTests.BadInput;

/// <summary>
/// Property: whatever malformed request a client sends, to any route, the answer is a 4xx problem (never a 5xx) and
/// nothing stored changes. Failures print the request and CsCheck's seed (set CsCheck_Seed to replay it).
/// </summary>
public sealed class MalformedRequestTests(BadInputFixture fixture, ITestOutputHelper output) : IClassFixture<BadInputFixture>
{
    private const int Iterations = 2000;

    private static readonly string[] Routes =
    [
        "POST /sensors", "GET /sensors", "GET /sensors/{sensorId}", "PUT /sensors/{sensorId}", "DELETE /sensors/{sensorId}",
        "POST /sensors/{sensorId}/readings", "GET /sensors/{sensorId}/readings", "GET /sensors/{sensorId}/readings/latest",
        "POST /readings", "GET /readings/latest", "POST /v1/{sensorType}/{city}/{location}", "GET /v1/{sensorType}/{city}/{location}",
    ];

    [Fact]
    public async Task EveryRoute_GeneratedMalformedRequests_4xxProblemAndStoreUnchanged()
    {
        var client = fixture.Client;
        var before = await StoreSnapshot.TakeAsync(client);
        var sent = new ConcurrentDictionary<string, int>();
        var statuses = new ConcurrentDictionary<int, int>();
        var flaws = new ConcurrentDictionary<string, int>();

        await new MalformedRequests(fixture).Any.SampleAsync(
            async request =>
            {
                sent.AddOrUpdate(request.Route, 1, (_, count) => count + 1);
                flaws.AddOrUpdate(request.Flaw, 1, (_, count) => count + 1);
                using var message = request.ToHttpRequest();
                using var response = await client.SendAsync(message);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
                var body = await response.Content.ReadAsStringAsync();
                if (request.ItemsInvalid)
                {
                    AssertEveryItemRefused(response, body);
                }
                else
                {
                    Assert.True((int)response.StatusCode is >= 400 and < 500, $"Expected 4xx, got {(int)response.StatusCode}: {body}");
                    ProblemAssert.IsProblem(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
                    Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
                    Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
                }
            },
            iter: Iterations,
            threads: 2,
            print: request => request.ToString());

        output.WriteLine($"{sent.Values.Sum()} requests; by status: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        output.WriteLine($"by route: {string.Join(", ", sent.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"))}");
        output.WriteLine($"{flaws.Count} kinds of flaw: {string.Join(", ", flaws.OrderByDescending(f => f.Value).Select(f => $"{f.Key}: {f.Value}"))}");
        Assert.Equal(before, await StoreSnapshot.TakeAsync(client));
        Assert.True(sent.Values.Sum() >= 1000, $"Only {sent.Values.Sum()} requests were sent.");
        Assert.All(Routes, route => Assert.True(sent.GetValueOrDefault(route) >= 20, $"{route} got {sent.GetValueOrDefault(route)} requests."));
        Assert.All(statuses.Keys, status => Assert.True(status is >= 400 and < 500 or 200, $"Status {status}"));
    }

    private static void AssertEveryItemRefused(HttpResponseMessage response, string body)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"A well-formed batch answers 200, got {(int)response.StatusCode}: {body}");
        var answer = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal(0, (int?)answer["created"]);
        Assert.Equal(0, (int?)answer["duplicates"]);
        Assert.All(answer["results"]!.AsArray(), item =>
        {
            Assert.Equal("error", (string?)item!["status"]);
            Assert.InRange((int?)item["problem"]?["status"] ?? 0, 400, 499);
        });
    }
}
