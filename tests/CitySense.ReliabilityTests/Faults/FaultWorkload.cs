using System.Net;
using System.Text.Json.Nodes;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// A seeded mix of single ingests (out of order), batches, registration updates and reads of every kind, in a
/// shuffled order. Every reading has a client-chosen id so that it can be retried.
/// </summary>
public sealed class FaultWorkload
{
    private FaultWorkload(IReadOnlyList<Func<HttpClient, FaultWorkloadOutcome, Task>> steps) => Steps = steps;

    public IReadOnlyList<Func<HttpClient, FaultWorkloadOutcome, Task>> Steps { get; }

    public static FaultWorkload Create(IReadOnlyList<string> sensors, int seed, int readingsPerSensor = 40, int batches = 6, int batchSize = 15, int updatesPerSensor = 6, int reads = 120)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        var random = new Random(seed);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).AddHours(-1);
        SentReading NewReading(string sensorId, string id) => new(
            sensorId,
            id,
            start.AddSeconds(-random.Next(0, 36_000)),
            new JsonObject { ["tempC"] = Math.Round(random.NextDouble() * 40, 2), ["seq"] = id });

        var steps = new List<Func<HttpClient, FaultWorkloadOutcome, Task>>();
        foreach (var sensorId in sensors)
        {
            for (var i = 0; i < readingsPerSensor; i++)
            {
                var reading = NewReading(sensorId, $"r-{i:D3}");
                steps.Add((client, outcome) => IngestAsync(client, outcome, reading));
            }

            for (var u = 0; u < updatesPerSensor; u++)
            {
                steps.Add((client, outcome) => UpdateAsync(client, outcome, sensorId));
            }
        }

        for (var b = 0; b < batches; b++)
        {
            var items = Enumerable.Range(0, batchSize)
                .Select(i => NewReading(sensors[random.Next(sensors.Count)], $"b-{b}-{i:D2}"))
                .ToList();
            steps.Add((client, outcome) => BatchAsync(client, outcome, items));
        }

        string[] readRoutes =
        [
            "/api/sensors/{0}", "/api/sensors/{0}/readings/latest", "/api/sensors/{0}/readings?limit=20",
            "/api/sensors?city={1}", "/api/sensors?near=29.741,-95.34&radius=2000", "/api/readings/latest?near=29.741,-95.34&radius=2000",
        ];
        for (var r = 0; r < reads; r++)
        {
            var sensorId = sensors[random.Next(sensors.Count)];
            var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, readRoutes[random.Next(readRoutes.Length)], sensorId, sensorId.Split('.')[0]);
            steps.Add((client, outcome) => ReadAsync(client, outcome, url));
        }

        var shuffled = steps.ToArray();
        random.Shuffle(shuffled);
        return new FaultWorkload(shuffled);
    }

    private static async Task IngestAsync(HttpClient client, FaultWorkloadOutcome outcome, SentReading reading)
    {
        outcome.Sent();
        using var response = await ApiCalls.IngestAsync(client, reading.SensorId, reading.Body);
        if (response.IsSuccessStatusCode)
        {
            outcome.Acknowledge(reading);
            return;
        }

        await outcome.CheckFailureAsync(response, $"ingest of {reading.Id}");
        outcome.Retry(reading);
    }

    private static async Task BatchAsync(HttpClient client, FaultWorkloadOutcome outcome, List<SentReading> items)
    {
        outcome.Sent();
        var body = new JsonObject { ["readings"] = new JsonArray([.. items.Select(item => (JsonNode)item.BatchItem)]) };
        using var response = await client.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(body.ToJsonString()));
        if (!response.IsSuccessStatusCode)
        {
            await outcome.CheckFailureAsync(response, "batch");
            foreach (var item in items)
            {
                outcome.Retry(item);
            }

            return;
        }

        var answer = await response.ReadJsonAsync();
        ProblemAssert.HasNoInternals(answer.ToJsonString());
        foreach (var result in answer["results"]!.AsArray())
        {
            var item = items[(int)result!["index"]!];
            switch ((string?)result["status"])
            {
                case "created" or "duplicate":
                    outcome.Acknowledge(item);
                    break;
                default:
                    Assert.True(503 == (int?)result["problem"]?["status"], $"Batch item {item.Id} failed with {result["problem"]}");
                    Assert.Equal("urn:citysense:problem:service-unavailable", (string?)result["problem"]?["type"]);
                    outcome.Retry(item);
                    break;
            }
        }
    }

    private static async Task UpdateAsync(HttpClient client, FaultWorkloadOutcome outcome, string sensorId)
    {
        // Numbered when sent, so revisions grow in the order the updates run.
        var revision = outcome.NextRevision(sensorId);
        outcome.Sent();
        using var current = await client.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));
        if (current.StatusCode != HttpStatusCode.OK)
        {
            await outcome.CheckFailureAsync(current, $"read of {sensorId} before an update");
            outcome.Updated(new SensorUpdate(sensorId, revision, Acknowledged: false));
            return;
        }

        var sensor = await current.ReadJsonAsync();
        outcome.Sent();
        using var response = await ApiCalls.PutAsync(
            client,
            $"/api/sensors/{sensorId}",
            new JsonObject
            {
                ["coordinates"] = sensor["coordinates"]!.DeepClone(),
                ["status"] = "active",
                ["metadata"] = new JsonObject { ["revision"] = revision },
            },
            current.Headers.ETag!.Tag);
        if (response.IsSuccessStatusCode)
        {
            outcome.Updated(new SensorUpdate(sensorId, revision, Acknowledged: true));
            return;
        }

        await outcome.CheckFailureAsync(response, $"update {revision} of {sensorId}");
        outcome.Updated(new SensorUpdate(sensorId, revision, Acknowledged: false));
    }

    private static async Task ReadAsync(HttpClient client, FaultWorkloadOutcome outcome, string url)
    {
        outcome.Sent();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var noReadingYet = response.StatusCode == HttpStatusCode.NotFound && url.EndsWith("/latest", StringComparison.Ordinal);
        if (response.StatusCode != HttpStatusCode.OK && !noReadingYet)
        {
            await outcome.CheckFailureAsync(response, $"GET {url}");
        }
    }

}
