using System.Net;
using System.Text.Json.Nodes;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Races;

/// <summary>Parallel clients racing for the same sensor or reading: exactly one outcome wins, nothing is lost.</summary>
public sealed class RaceTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const int Racers = 50;

    private readonly HttpClient client = fixture.Client;

    [Fact]
    public async Task Update_FiftyParallelPutsWithTheSameETag_OneWinsTheRest412AndTheStateIsTheWinners()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("race"));
        using var current = await client.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));
        var etag = current.Headers.ETag!.Tag;

        var responses = await RaceAsync(Racers, racer => ApiCalls.PutAsync(
            client,
            $"/api/sensors/{sensorId}",
            new { coordinates = new { lat = 10 + (racer * 0.01), lon = 20 }, status = "active", metadata = new { writer = racer } },
            etag));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var winner = Assert.Single(winners);
        Assert.Equal(Racers - 1, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await ProblemAssert.IsProblemAsync(loser, HttpStatusCode.PreconditionFailed, "precondition-failed");
        }

        using var final = await client.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));
        Assert.Equal(winner.Headers.ETag!.Tag, final.Headers.ETag!.Tag);
        Assert.True(JsonNode.DeepEquals(await winner.ReadJsonAsync(), await final.ReadJsonAsync()), "The stored sensor is not the winner's.");
    }

    [Fact]
    public async Task Ingest_FiftyParallelPostsOfTheSameReadingId_OneStoredAndEveryAnswer2xxWithTheSameBody()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("race"));
        var reading = new { id = "same-id", timestamp = DateTimeOffset.UtcNow.AddSeconds(-5), payload = new { tempC = 21.5, note = "once" } };

        var responses = await RaceAsync(Racers, _ => ApiCalls.IngestAsync(client, sensorId, reading));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct(StringComparer.Ordinal));
        var history = await ApiCalls.ReadHistoryAsync(client, sensorId);
        var stored = Assert.Single(history);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(bodies[0]), stored), "The answers are not the stored reading.");
        Assert.True(
            JsonNode.DeepEquals(stored, await client.GetJsonAsync($"/api/sensors/{sensorId}/readings/latest")),
            "Latest is not the stored reading.");
    }

    [Fact]
    public async Task Ingest_ThousandReadingsInParallelAndOutOfOrder_LatestIsTheGreatestTimestamp()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("race"));
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var order = Enumerable.Range(0, 1000).ToArray();
        new Random(1000).Shuffle(order);

        var statuses = new List<HttpStatusCode>();
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            using var response = await ApiCalls.IngestAsync(client, sensorId, new { id = $"r{i:D4}", timestamp = start.AddSeconds(i * 7), payload = new { seq = i } });
            lock (statuses)
            {
                statuses.Add(response.StatusCode);
            }
        });

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));
        var latest = await client.GetJsonAsync($"/api/sensors/{sensorId}/readings/latest");
        Assert.Equal("r0999", (string?)latest["id"]);
        Assert.Equal(999, (int?)latest["payload"]?["seq"]);
        var history = await ApiCalls.ReadHistoryAsync(client, sensorId);
        Assert.Equal(1000, history.Count);
        Assert.True(JsonNode.DeepEquals(history[0], latest), "Latest is not the newest stored reading.");
    }

    [Fact]
    public async Task Batch_ParallelBatchesOutOfOrder_LatestIsTheGreatestTimestamp()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("race"));
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var order = Enumerable.Range(0, 500).ToArray();
        new Random(500).Shuffle(order);

        var responses = await RaceAsync(5, batch => client.PostAsync(
            new Uri("/api/readings", UriKind.Relative),
            ApiCalls.Json(new
            {
                readings = order.Skip(batch * 100).Take(100)
                    .Select(i => new { sensorId, id = $"b{i:D3}", timestamp = start.AddSeconds(i), payload = new { seq = i } }),
            })));

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(100, (int?)(await response.ReadJsonAsync())["created"]);
        }

        var latest = await client.GetJsonAsync($"/api/sensors/{sensorId}/readings/latest");
        Assert.Equal("b499", (string?)latest["id"]);
        Assert.Equal(500, (await ApiCalls.ReadHistoryAsync(client, sensorId)).Count);
    }

    /// <summary>Starts every call together (they all wait on one gate) and collects the answers.</summary>
    private static async Task<IReadOnlyList<HttpResponseMessage>> RaceAsync(int racers, Func<int, Task<HttpResponseMessage>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, racers).Select(async racer =>
        {
            await gate.Task;
            return await call(racer);
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(calls);
    }
}
