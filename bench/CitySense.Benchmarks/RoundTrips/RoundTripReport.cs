using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CitySense.Core.Readings;

namespace CitySense.Benchmarks.RoundTrips;

/// <summary>
/// Cosmos requests per API request, through the DevHost's HTTP pipeline: create and get a sensor, single ingest and
/// latest at several history sizes, a batch of 500, a history page, a near page and a latest-near page. Writes the
/// measurements as JSON (<see cref="RoundTripResults"/>) for the report command.
/// </summary>
internal static class RoundTripReport
{
    private const int BatchSensors = 10;
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(string outputPath, IReadOnlyList<int> historySizes)
    {
        // WebApplicationFactory finds the DevHost's content root through MvcTestingAppManifest.json, which it looks
        // for in the current directory (as under dotnet test, which runs from the output folder).
        outputPath = Path.GetFullPath(outputPath);
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var factory = new BenchHostFactory();
        using var client = factory.ClientWithKey(BenchHostFactory.AdminKey);
        var counter = factory.Counter;
        var rows = new List<RoundTripRow>();
        var seeding = new List<SeedingTime>();
        var (lat, lon) = RandomPoint();

        var sensorId = string.Empty;
        var sent = await counter.CountAsync(async () => sensorId = await CreateSensorAsync(client, lat, lon));
        rows.Add(Row("create sensor", "-", sent, "audit record, create, commit = 3", sent is ["Create Document", "Create Document", "Patch Document"]));

        sent = await counter.CountAsync(() => ExpectAsync(client.GetAsync($"/api/sensors/{sensorId}"), HttpStatusCode.OK));
        rows.Add(Row("get sensor", "-", sent, "1 point read", sent is ["Read Document"]));

        // Registry changes are recorded before they are made (docs/data-model.md): a read for the old values, the audit
        // record, the change, the commit; a delete also reads the ETag it deletes with.
        var changed = await CreateSensorAsync(client, lat, lon);
        sent = await counter.CountAsync(() => ExpectAsync(
            client.PutAsJsonAsync($"/api/sensors/{changed}", new { coordinates = new { lat, lon }, status = "inactive" }), HttpStatusCode.OK));
        rows.Add(Row("update sensor", "-", sent, "read, audit record, patch, commit = 4", sent.Count == 4));
        sent = await counter.CountAsync(() => ExpectAsync(client.DeleteAsync($"/api/sensors/{changed}"), HttpStatusCode.NoContent));
        rows.Add(Row("delete sensor", "-", sent, "read, audit record, read, delete, commit = 5", sent.Count == 5));

        foreach (var size in historySizes)
        {
            var history = size.ToString("N0", CultureInfo.InvariantCulture);
            var sensor = await CreateSensorAsync(client, lat, lon);
            var seeded = DateTimeOffset.UtcNow;
            await SeedAsync(client, sensor, size);
            var seconds = (DateTimeOffset.UtcNow - seeded).TotalSeconds;
            seeding.Add(new SeedingTime(size, seconds));
            Console.WriteLine($"Seeded {size} readings in {seconds:0.0} s");

            sent = await counter.CountAsync(() => ExpectAsync(
                client.PostAsJsonAsync($"/api/sensors/{sensor}/readings", new { payload = new { tempC = 21.5 } }), HttpStatusCode.Created));
            rows.Add(Row("single ingest", history, sent, "≤ 2 operations", sent.Count <= 2));

            sent = await counter.CountAsync(() => ExpectAsync(client.GetAsync($"/api/sensors/{sensor}/readings/latest"), HttpStatusCode.OK));
            rows.Add(Row("latest", history, sent, "exactly 1 point read", sent is ["Read Document"]));

            sent = await counter.CountAsync(() => ExpectAsync(client.GetAsync($"/api/sensors/{sensor}/readings?limit=100"), HttpStatusCode.OK));
            // A page walks back month by month, but only through the months the sensor records as holding readings:
            // this history (seconds apart, just now) is in one month, or two just after a month began.
            rows.Add(Row(
                "one history page (limit 100)",
                history,
                sent,
                "sensor read + 1 query per month holding readings (≤ 3)",
                sent.Count is >= 2 and <= 3 && sent[0] == "Read Document" && sent.Skip(1).All(request => request == "Query Document")));
        }

        // Sparse history: 10 readings in one month 100 days ago. Without the sensor's record of its months, the page
        // walked every month from now back to the retention floor (14 operations at 365 days).
        var sparse = await CreateSensorAsync(client, lat, lon);
        var longAgo = DateTimeOffset.UtcNow.AddDays(-100);
        var sparseItems = Enumerable.Range(0, 10)
            .Select(i => (object)new { sensorId = sparse, timestamp = longAgo.AddMinutes(i), payload = new { tempC = i } })
            .ToList();
        await ExpectAsync(client.PostAsJsonAsync("/api/readings", new { readings = sparseItems }), HttpStatusCode.OK);
        sent = await counter.CountAsync(() => ExpectAsync(client.GetAsync($"/api/sensors/{sparse}/readings?limit=100"), HttpStatusCode.OK));
        rows.Add(Row(
            "one history page (limit 100), sparse",
            "10, in one month 100 days ago",
            sent,
            "≤ 3 (sensor read + 1 query)",
            sent is ["Read Document", "Query Document"]));

        var batchSensors = new List<string>();
        for (var i = 0; i < BatchSensors; i++)
        {
            batchSensors.Add(await CreateSensorAsync(client, lat + (i * 0.0005), lon));
        }

        var items = Enumerable.Range(0, BatchSize)
            .Select(i => (object)new { sensorId = batchSensors[i % BatchSensors], timestamp = DateTimeOffset.UtcNow.AddSeconds(-BatchSize + i), payload = new { tempC = i } })
            .ToList();
        sent = await counter.CountAsync(() => ExpectAsync(client.PostAsJsonAsync("/api/readings", new { readings = items }), HttpStatusCode.OK));
        var batchBound = (BatchSensors * 2) + BatchSize;
        rows.Add(Row(
            $"batch of {BatchSize} ({BatchSensors} sensors, {IngestService.BatchParallelism} in flight)",
            "-",
            sent,
            $"≤ sensors × 2 + {BatchSize} = {batchBound}",
            sent.Count <= batchBound));

        // The access check: none for public keys, one point read of the grant for operators.
        using (var reader = factory.ClientWithKey(BenchHostFactory.PublicKey))
        using (var cityOperator = factory.ClientWithKey(BenchHostFactory.OperatorKey))
        {
            var city = sensorId.Split('.')[0];
            await ExpectAsync(client.PutAsJsonAsync($"/api/operators/{BenchHostFactory.OperatorId}", new { name = "Bench operator", cities = new[] { city } }), HttpStatusCode.Created);
            await ExpectAsync(client.PostAsJsonAsync($"/api/sensors/{sensorId}/readings", new { payload = new { tempC = 20.5 } }), HttpStatusCode.Created);
            sent = await counter.CountAsync(() => ExpectAsync(reader.GetAsync($"/api/sensors/{sensorId}/readings/latest"), HttpStatusCode.OK));
            rows.Add(Row("latest, public key", "-", sent, "1 point read (no grant read)", sent is ["Read Document"]));
            sent = await counter.CountAsync(() => ExpectAsync(cityOperator.GetAsync($"/api/sensors/{sensorId}/readings/latest"), HttpStatusCode.OK));
            rows.Add(Row("latest, operator key", "-", sent, "grant read + 1 point read", sent is ["Read Document", "Read Document"]));
            sent = await counter.CountAsync(() => ExpectAsync(
                cityOperator.PostAsJsonAsync($"/api/sensors/{sensorId}/readings", new { payload = new { tempC = 21.5 } }), HttpStatusCode.Created));
            rows.Add(Row("single ingest, operator key", "-", sent, "grant read + ≤ 2 operations", sent.Count <= 3 && sent[0] == "Read Document"));
        }

        var near = string.Create(CultureInfo.InvariantCulture, $"near={lat},{lon}&radius=2000");
        sent = await counter.CountAsync(() => ExpectAsync(client.GetAsync($"/api/sensors?{near}"), HttpStatusCode.OK));
        rows.Add(Row("near query page", "-", sent, "1 query", sent is ["Query Document"]));

        sent = await counter.CountAsync(() => ExpectAsync(client.GetAsync($"/api/readings/latest?{near}"), HttpStatusCode.OK));
        rows.Add(Row("latest-near page", "-", sent, "1 query", sent is ["Query Document"]));

        var results = new RoundTripResults(rows, seeding);
        BenchJson.Write(outputPath, results);
        Console.WriteLine(RoundTripTable.Render(rows));
        return results.AllMet ? 0 : 1;
    }

    private static RoundTripRow Row(string operation, string history, IReadOnlyList<string> sent, string target, bool met) =>
        new(operation, history, sent, target, met);

    private static async Task<string> CreateSensorAsync(HttpClient client, double lat, double lon)
    {
        var city = "bench-" + Guid.NewGuid().ToString("N")[..10];
        var response = await client.PostAsJsonAsync("/api/sensors", new { city, location = "main_st", type = "weather", coordinates = new { lat, lon } });
        await ExpectAsync(Task.FromResult(response), HttpStatusCode.Created);
        return $"{city}.main_st.weather";
    }

    /// <summary>Stores <paramref name="count"/> readings, one second apart and ending 10 s ago, with the batch API.</summary>
    private static async Task SeedAsync(HttpClient client, string sensorId, int count)
    {
        var end = DateTimeOffset.UtcNow.AddSeconds(-10);
        for (var start = 0; start < count; start += BatchSize)
        {
            var items = Enumerable.Range(start, Math.Min(BatchSize, count - start))
                .Select(i => (object)new { sensorId, timestamp = end.AddSeconds(i - count), payload = new { tempC = i % 40 } })
                .ToList();
            using var response = await client.PostAsJsonAsync("/api/readings", new { readings = items });
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (response.StatusCode != HttpStatusCode.OK || body["created"]!.GetValue<int>() != items.Count)
            {
                throw new InvalidOperationException($"Seeding {sensorId} failed: {response.StatusCode} {body.ToJsonString()[..Math.Min(500, body.ToJsonString().Length)]}");
            }
        }
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: " +
                await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A point in open ocean, so the near queries see only this run's sensors.</summary>
    private static (double Lat, double Lon) RandomPoint() =>
        (Math.Round(-40 + (Random.Shared.NextDouble() * 20), 6), Math.Round(-150 + (Random.Shared.NextDouble() * 40), 6));
}
