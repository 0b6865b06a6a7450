using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CitySense.Benchmarks.RoundTrips;
using CitySense.DevHost.Functions;
using CitySense.Functions.Webhooks;
using CitySense.Testing.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.Benchmarks.Delivery;

/// <summary>
/// Webhook delivery through the DevHost's pipeline in-process: ingest over HTTP, the reading-events and
/// webhook-deliveries queues on the Azurite the DevHost starts, the queue functions run as the queue trigger runs them
/// (host.json's settings), the local Cosmos server, and a receiver on 127.0.0.1. Per scenario a sensor of its own and
/// one subscription to it; the latency of each reading runs from its acknowledgement to the receiver's first POST for
/// it. It connects to the receiver, so it runs only in a loopback-only network namespace (bench/run.sh starts it so).
/// Writes <see cref="DeliveryResults"/> as JSON for the report.
/// </summary>
internal static class DeliveryBenchmark
{
    private const int Concurrency = 8;
    private const int BatchSize = 500;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string outputPath, bool quick)
    {
        LoopbackOnlyNetwork.Require();
        outputPath = Path.GetFullPath(outputPath);
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var receiver = await LoopbackReceiver.StartAsync();
        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        receiver.Answer = context =>
        {
            arrivals.TryAdd(context.Request.Headers["webhook-id"].ToString(), Stopwatch.GetTimestamp());
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        };
        await using var factory = new BenchHostFactory();
        using var client = factory.ClientWithKey(BenchHostFactory.AdminKey);
        var queues = factory.Services.GetRequiredService<WebhookQueues>();
        var trigger = factory.Services.GetRequiredService<QueueTriggerOptions>();
        var city = "bench-" + Guid.NewGuid().ToString("N")[..10];
        var run = new Scenarios(client, receiver, arrivals, queues, city);

        // JIT, connections and both queues created; not reported.
        await run.MeasureAsync("warm-up", sensor => run.PacedAsync(sensor, 10));
        var rows = new List<DeliveryRow>
        {
            await run.MeasureAsync($"single ingests, one every {Pace.TotalMilliseconds:0} ms", sensor => run.PacedAsync(sensor, quick ? 20 : 100)),
            await run.MeasureAsync($"single ingests, {Concurrency} clients at once", sensor => run.ConcurrentAsync(sensor, quick ? 100 : 1000)),
            await run.MeasureAsync($"batches of {BatchSize}, one after another", sensor => run.BatchesAsync(sensor, quick ? 1 : 4)),
        };

        var results = new DeliveryResults(rows, trigger.BatchSize, trigger.MaxPollingInterval.TotalSeconds);
        BenchJson.Write(outputPath, results);
        Console.WriteLine(results.Render());
        return rows.All(row => row.Delivered == row.Acknowledged) ? 0 : 1;
    }

    private sealed class Scenarios(
        HttpClient client,
        LoopbackReceiver receiver,
        ConcurrentDictionary<string, long> arrivals,
        WebhookQueues queues,
        string city)
    {
        private int sensors;

        /// <summary>A new sensor subscribed to by a new subscription, the readings <paramref name="ingest"/> sends, their deliveries.</summary>
        public async Task<DeliveryRow> MeasureAsync(string scenario, Func<string, Task<IReadOnlyDictionary<string, long>>> ingest)
        {
            var location = $"loc{Interlocked.Increment(ref sensors)}";
            using (var created = await client.PostAsJsonAsync("/api/sensors", new { city, location, type = "air_quality", coordinates = new { lat = -30.5, lon = -140.5 } }))
            {
                Expect(created, HttpStatusCode.Created);
            }

            var sensor = $"{city}.{location}.air_quality";
            var path = "/" + location;
            using (var subscribed = await client.PostAsJsonAsync("/api/subscriptions", new
            {
                url = receiver.Url(path).AbsoluteUri,
                filter = new { sensorIds = new[] { sensor }, conditions = new[] { new { field = "pm25", op = "gt", value = 35 } } },
            }))
            {
                Expect(subscribed, HttpStatusCode.Created);
            }

            var acknowledged = await ingest(sensor);
            await WaitForDeliveriesAsync(path, acknowledged.Count);
            await WebhookQueueDrain.WaitAsync(queues, DeliveryWait);
            var received = receiver.Received.Where(webhook => webhook.Path == path).ToList();
            var firstArrival = received
                .GroupBy(webhook => webhook.Headers["webhook-id"], StringComparer.Ordinal)
                .ToDictionary(
                    group => (string)JsonNode.Parse(group.First().Body)!["data"]!["reading"]!["id"]!,
                    group => arrivals[group.Key],
                    StringComparer.Ordinal);
            var row = DeliveryRow.From(scenario, acknowledged, firstArrival, received.Count);
            Console.WriteLine($"{scenario}: {row.Delivered} of {row.Acknowledged} delivered, p50 {row.P50Ms:0} ms, p99 {row.P99Ms:0} ms, {row.DeliveriesPerSecond:0} deliveries/s");
            return row;
        }

        public async Task<IReadOnlyDictionary<string, long>> PacedAsync(string sensor, int count)
        {
            var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
            using var timer = new PeriodicTimer(Pace);
            for (var i = 0; i < count && await timer.WaitForNextTickAsync(); i++)
            {
                var (id, at) = await IngestAsync(sensor);
                acknowledged[id] = at;
            }

            return acknowledged;
        }

        public async Task<IReadOnlyDictionary<string, long>> ConcurrentAsync(string sensor, int count)
        {
            var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (_, _) =>
            {
                var (id, at) = await IngestAsync(sensor);
                acknowledged[id] = at;
            });
            return acknowledged;
        }

        public async Task<IReadOnlyDictionary<string, long>> BatchesAsync(string sensor, int batches)
        {
            var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var b = 0; b < batches; b++)
            {
                var items = Enumerable.Range(0, BatchSize).Select(i => new { sensorId = sensor, payload = new { pm25 = 36 + (i % 50) } }).ToList();
                using var response = await client.PostAsJsonAsync("/api/readings", new { readings = items });
                var at = Stopwatch.GetTimestamp();
                Expect(response, HttpStatusCode.OK);
                foreach (var result in JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]!.AsArray())
                {
                    acknowledged[(string)result!["reading"]!["id"]!] = at;
                }
            }

            return acknowledged;
        }

        private async Task<(string Id, long At)> IngestAsync(string sensor)
        {
            using var response = await client.PostAsJsonAsync($"/api/sensors/{sensor}/readings", new { payload = new { pm25 = 42.5, no2 = 12 } });
            var at = Stopwatch.GetTimestamp();
            Expect(response, HttpStatusCode.Created);
            return ((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!, at);
        }

        private async Task WaitForDeliveriesAsync(string path, int expected)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(DeliveryWait.TotalSeconds * Stopwatch.Frequency);
            while (receiver.Received.Where(webhook => webhook.Path == path).Select(webhook => webhook.Headers["webhook-id"]).Distinct().Count() < expected
                && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}.");
        }
    }
}
