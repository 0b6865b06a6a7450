using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CitySense.Functions.Webhooks;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using CitySense.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// Webhook delivery under injected faults on Cosmos DB (every document operation: ingest's writes, the subscription
/// snapshot's loads, the delivery's subscription read) and on the queue sends (ingest's matched reading, the fan-out's
/// deliveries; some after the message was stored), while clients ingest singles and batches and retry 5xx answers as a
/// real client does, then a reconciliation against what was acknowledged and what is stored: every acknowledged reading
/// that matches the subscription reaches the receiver at least once (counted by distinct webhook id, as receivers
/// de-duplicate), and nothing reaches it that is not stored or does not match.
/// </summary>
[Trait(LoopbackOnlyNetwork.Trait, LoopbackOnlyNetwork.LoopbackOnly)]
public sealed class WebhookFaultTests(WebhookFaultFixture fixture, ITestOutputHelper output) : IClassFixture<WebhookFaultFixture>
{
    private const double CosmosFaultRate = 0.10;
    private const double QueueFaultRate = 0.20;
    private const int MaxAttempts = 30;
    private const int ClientsInParallel = 4;
    private static readonly TimeSpan DrainWait = TimeSpan.FromMinutes(3);

    private readonly HttpClient client = fixture.Client;

    [Fact]
    public async Task IngestAndFanOut_CosmosAndQueueFaults_EveryAcknowledgedMatchingReadingDeliveredNothingElse()
    {
        var city = ApiCalls.NewCity("hooks");
        var otherCity = ApiCalls.NewCity("other");
        var sensors = new List<string>();
        for (var s = 0; s < 3; s++)
        {
            sensors.Add(await ApiCalls.CreateSensorAsync(client, city, $"loc{s}", "air_quality", lat: 29.74 + (s * 0.001)));
        }

        sensors.Add(await ApiCalls.CreateSensorAsync(client, otherCity, "loc0", "air_quality"));
        var path = "/hooks-" + Guid.NewGuid().ToString("N")[..8];
        using var subscribed = await client.PostAsync(new Uri("/api/subscriptions", UriKind.Relative), ApiCalls.Json(new
        {
            url = fixture.Receiver.Url(path).AbsoluteUri,
            filter = new { city, conditions = new[] { new { field = "pm25", op = "gt", value = 35 } } },
        }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var secret = (string)(await subscribed.ReadJsonAsync())["secret"]!;
        var (singles, batches, givenUp) = Workload(sensors);
        var outcome = new FaultWorkloadOutcome();
        var queues = fixture.Host.Services.GetRequiredService<WebhookQueues>();
        fixture.CosmosFaults.Apply(new FaultRule(CosmosOperation.Documents, CosmosFaultRate, FaultRule.AllKinds));
        fixture.QueueFaults.Apply(
            new QueueFaultRule(WebhookQueues.ReadingEvents, QueueFaultRate, QueueFaultRule.AllKinds),
            new QueueFaultRule(WebhookQueues.Deliveries, QueueFaultRate, QueueFaultRule.AllKinds));
        try
        {
            var steps = singles.Select(reading => (Func<Task>)(() => IngestAsync(outcome, reading, givenUp.Contains(reading))))
                .Concat(batches.Select(batch => (Func<Task>)(() => BatchAsync(outcome, batch, givenUp))))
                .ToList();
            await Parallel.ForEachAsync(steps, new ParallelOptions { MaxDegreeOfParallelism = ClientsInParallel }, async (step, _) => await step());

            // The fan-out and the deliveries still run under faults until both queues are empty.
            await WebhookQueueDrain.WaitAsync(queues, DrainWait);
        }
        finally
        {
            fixture.CosmosFaults.Clear();
            fixture.QueueFaults.Clear();
        }

        var queueFaults = fixture.QueueFaults.Injected;
        var cosmosFaults = fixture.CosmosFaults.Injected;
        Assert.True(outcome.ServiceUnavailable > 0, "No request failed: the faults did not reach the API.");
        Assert.Contains(queueFaults, fault => fault.Queue == WebhookQueues.ReadingEvents);
        Assert.Contains(queueFaults, fault => fault.Queue == WebhookQueues.Deliveries);
        Assert.Contains(queueFaults, fault => fault.ResponseLost);
        Assert.Contains(cosmosFaults, fault => fault.Path.Contains("colls/subscriptions", StringComparison.Ordinal));

        var stored = new Dictionary<(string SensorId, string Id), JsonNode>();
        foreach (var sensorId in sensors)
        {
            foreach (var item in await ApiCalls.ReadHistoryAsync(client, sensorId))
            {
                // As a public key sees it, which is what a delivery carries: without who ingested it.
                item.AsObject().Remove("ingestedBy");
                stored[(sensorId, (string)item["id"]!)] = item;
            }
        }

        var received = fixture.Receiver.Received.Where(webhook => webhook.Path == path).ToList();
        Assert.All(received, webhook => Assert.Equal([webhook.ExpectedSignature(secret)], webhook.Headers["webhook-signature"].Split(' ')));
        var delivered = received
            .Select(webhook => (Id: webhook.Headers["webhook-id"], Data: JsonNode.Parse(webhook.Body)!["data"]!))
            .Select(webhook => (webhook.Id, Key: ((string)webhook.Data["sensorId"]!, (string)webhook.Data["reading"]!["id"]!), Reading: webhook.Data["reading"]!))
            .ToList();
        var poisoned = await PoisonedAsync(queues);
        var matching = outcome.Acknowledged.Where(reading => reading.SensorId.StartsWith(city + ".", StringComparison.Ordinal) && Pm25(reading.Payload) > 35)
            .Select(reading => (reading.SensorId, reading.Id)).ToHashSet();
        var deliveredKeys = delivered.Select(webhook => webhook.Key).ToHashSet();
        output.WriteLine(
            $"{outcome.Requests} requests, {outcome.ServiceUnavailable} answered 503; {outcome.Acknowledged.Count} readings acknowledged, " +
            $"{matching.Count} of them matching; {stored.Count} stored; {received.Count} deliveries received, {delivered.Select(d => d.Id).Distinct().Count()} distinct webhook ids; " +
            $"{poisoned} messages in poison queues. Queue faults {queueFaults.Count} of {fixture.QueueFaults.Sends} sends " +
            $"({string.Join(", ", queueFaults.GroupBy(f => f.Queue).Select(g => $"{g.Key} {g.Count()}"))}; {queueFaults.Count(f => f.ResponseLost)} after the message was stored); " +
            $"Cosmos faults {cosmosFaults.Count} of {fixture.CosmosFaults.Requests} requests ({cosmosFaults.Count(f => f.Path.Contains("colls/subscriptions", StringComparison.Ordinal))} on subscriptions).");

        // At least once: every acknowledged matching reading reached the receiver.
        Assert.Empty(matching.Except(deliveredKeys));

        // Nothing else: each delivery is of a stored reading, as stored, that matches; one webhook id per reading.
        Assert.All(delivered, webhook =>
        {
            Assert.True(stored.TryGetValue(webhook.Key, out var reading), $"{webhook.Key} was delivered but is not stored.");
            Assert.True(JsonNode.DeepEquals(reading, webhook.Reading), $"{webhook.Key} was delivered as {webhook.Reading.ToJsonString()}, stored as {reading!.ToJsonString()}.");
            Assert.StartsWith(city + ".", webhook.Key.Item1, StringComparison.Ordinal);
            Assert.True(Pm25(webhook.Reading["payload"]!) > 35, $"{webhook.Key} does not match the subscription.");
        });
        Assert.Equal(deliveredKeys.Count, delivered.Select(webhook => webhook.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(delivered.GroupBy(webhook => webhook.Id), group => Assert.Single(group.Select(webhook => webhook.Key).Distinct()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ingest_ReadingEventSendFails_503ThenTheRetryStoredOnceAndDelivered(bool answerLost)
    {
        var (sensorId, path) = await SubscribedSensorAsync();
        var reading = new { id = "r-1", payload = new { pm25 = 80 } };
        fixture.QueueFaults.Apply(new QueueFaultRule(WebhookQueues.ReadingEvents, 1.0, [QueueFaultKind.ServerBusy]) { ResponseLostShare = answerLost ? 1 : 0 });
        HttpResponseMessage failed;
        try
        {
            failed = await ApiCalls.IngestAsync(client, sensorId, reading);
        }
        finally
        {
            fixture.QueueFaults.Clear();
        }

        await ProblemAssert.IsServiceUnavailableAsync(failed);
        failed.Dispose();
        using var retried = await ApiCalls.IngestAsync(client, sensorId, reading);

        // Stored by the first attempt: the retry finds it (200) and announces it again.
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await WebhookQueueDrain.WaitAsync(fixture.Host.Services.GetRequiredService<WebhookQueues>(), DrainWait);
        Assert.Single(await ApiCalls.ReadHistoryAsync(client, sensorId));
        var received = fixture.Receiver.Received.Where(webhook => webhook.Path == path).ToList();

        // An event queued although its send failed is delivered too: the same webhook id twice, which receivers drop.
        Assert.Equal(answerLost ? 2 : 1, received.Count);
        Assert.Single(received.Select(webhook => webhook.Headers["webhook-id"]).Distinct());
    }

    [Fact]
    public async Task FanOut_DeliverySendFailsTwice_TheEventIsFannedOutAgainAndDeliveredOnce()
    {
        var (sensorId, path) = await SubscribedSensorAsync();
        var before = fixture.QueueFaults.Injected.Count;
        fixture.QueueFaults.Apply(new QueueFaultRule(WebhookQueues.Deliveries, 1.0, [QueueFaultKind.Unreachable]) { ResponseLostShare = 0 });
        try
        {
            using var ingested = await ApiCalls.IngestAsync(client, sensorId, new { id = "r-1", payload = new { pm25 = 80 } });
            Assert.Equal(HttpStatusCode.Created, ingested.StatusCode);
            using var timeout = new CancellationTokenSource(DrainWait);
            while (fixture.QueueFaults.Injected.Count < before + 2)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
            }
        }
        finally
        {
            fixture.QueueFaults.Clear();
        }

        await WebhookQueueDrain.WaitAsync(fixture.Host.Services.GetRequiredService<WebhookQueues>(), DrainWait);
        var received = Assert.Single(fixture.Receiver.Received, webhook => webhook.Path == path);
        Assert.Equal("r-1", (string?)JsonNode.Parse(received.Body)!["data"]!["reading"]!["id"]);
    }

    /// <summary>A new sensor and a subscription to its readings with pm25 above 35, delivered to a path of its own.</summary>
    private async Task<(string SensorId, string Path)> SubscribedSensorAsync()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("hook"), type: "air_quality");
        var path = "/hook-" + Guid.NewGuid().ToString("N")[..8];
        using var subscribed = await client.PostAsync(new Uri("/api/subscriptions", UriKind.Relative), ApiCalls.Json(new
        {
            url = fixture.Receiver.Url(path).AbsoluteUri,
            filter = new { sensorIds = new[] { sensorId }, conditions = new[] { new { field = "pm25", op = "gt", value = 35 } } },
        }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        return (sensorId, path);
    }

    /// <summary>
    /// Readings of each sensor (pm25 alternately above and below the threshold), two thirds sent one by one, a third in
    /// batches across sensors; every tenth reading is sent once and given up when it fails, so some readings end up
    /// stored but never acknowledged, or not stored at all.
    /// </summary>
    private static (List<SentReading> Singles, List<List<SentReading>> Batches, HashSet<SentReading> GivenUp) Workload(IReadOnlyList<string> sensors)
    {
        var random = new Random(WebhookFaultFixture.Seed);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).AddHours(-1);
        var all = sensors.SelectMany(sensorId => Enumerable.Range(0, 30).Select(i => new SentReading(
            sensorId,
            $"r-{i:D3}",
            start.AddSeconds(-random.Next(0, 3_600)),
            new JsonObject { ["pm25"] = i % 2 == 0 ? 36 + random.Next(0, 100) : random.Next(0, 36), ["seq"] = i })))
            .ToList();
        var singles = all.Where(reading => int.Parse(reading.Id[2..], CultureInfo.InvariantCulture) < 20).ToList();
        var batched = all.Except(singles).ToArray();
        random.Shuffle(batched);
        var batches = batched.Chunk(20).Select(chunk => chunk.ToList()).ToList();
        var givenUp = all.Where(reading => int.Parse(reading.Id[2..], CultureInfo.InvariantCulture) % 10 == 3).ToHashSet();
        return (singles, batches, givenUp);
    }

    private async Task IngestAsync(FaultWorkloadOutcome outcome, SentReading reading, bool giveUp) =>
        Assert.True(
            await outcome.IngestUntilAcknowledgedAsync(client, reading, giveUp ? 1 : MaxAttempts, BackOffAsync) || giveUp,
            $"{reading.SensorId}/{reading.Id} was not acknowledged after {MaxAttempts} attempts.");

    /// <summary>Sends the batch, then again only its items that failed (503), until each is stored or given up.</summary>
    private async Task BatchAsync(FaultWorkloadOutcome outcome, List<SentReading> batch, HashSet<SentReading> givenUp)
    {
        var items = batch;
        for (var attempt = 1; attempt <= MaxAttempts && items.Count > 0; attempt++)
        {
            outcome.Sent();
            var body = new JsonObject { ["readings"] = new JsonArray([.. items.Select(item => (JsonNode)item.BatchItem)]) };
            using var response = await client.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(body.ToJsonString()));
            var failed = new List<SentReading>();
            if (!response.IsSuccessStatusCode)
            {
                await outcome.CheckFailureAsync(response, "batch");
                failed = items;
            }
            else
            {
                foreach (var result in (await response.ReadJsonAsync())["results"]!.AsArray())
                {
                    var item = items[(int)result!["index"]!];
                    if ((string?)result["status"] is "created" or "duplicate")
                    {
                        outcome.Acknowledge(item);
                    }
                    else
                    {
                        Assert.True(503 == (int?)result["problem"]?["status"], $"Batch item {item.SensorId}/{item.Id} failed with {result["problem"]}");
                        failed.Add(item);
                    }
                }
            }

            items = failed.Where(item => !givenUp.Contains(item)).ToList();
            if (items.Count > 0)
            {
                await BackOffAsync(attempt);
            }
        }

        Assert.True(items.Count == 0, $"{items.Count} batch items were not acknowledged after {MaxAttempts} attempts.");
    }

    /// <summary>Exponential back-off with jitter, capped at 1 s (a real client would wait Retry-After; the test cannot).</summary>
    private static Task BackOffAsync(int attempt) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 25 * Math.Pow(2, attempt)) * (0.5 + Random.Shared.NextDouble())));

    private static double Pm25(JsonNode payload) => double.Parse(payload["pm25"]!.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>How many messages the queue trigger gave up on (moved to a poison queue).</summary>
    private static async Task<int> PoisonedAsync(WebhookQueues queues)
    {
        var count = 0;
        foreach (var name in new[] { WebhookQueues.ReadingEvents, WebhookQueues.Deliveries })
        {
            var poison = queues.Queue(name + "-poison");
            if ((await poison.ExistsAsync()).Value)
            {
                count += (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount;
            }
        }

        return count;
    }
}
