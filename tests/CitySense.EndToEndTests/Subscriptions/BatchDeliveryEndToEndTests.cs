using System.Net;
using System.Text.Json.Nodes;
using CitySense.Functions.Webhooks;
using CitySense.Testing;
using CitySense.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// A full batch through the DevHost's webhook pipeline (ingest → reading-events → fan-out → webhook-deliveries →
/// signed POST) to a receiver on loopback: every reading of the batch is delivered exactly once when nothing fails.
/// Connects for real, so it runs only in a loopback-only network namespace (<see cref="LoopbackOnlyNetwork"/>).
/// </summary>
[Trait(LoopbackOnlyNetwork.Trait, LoopbackOnlyNetwork.LoopbackOnly)]
public sealed class BatchDeliveryEndToEndTests
{
    // 500 readings pass through two queues and 1,000 function runs on a shared 2-core machine.
    private static readonly TimeSpan DrainWait = TimeSpan.FromMinutes(3);

    [InProcessFact("runs the DevHost's queue functions against a receiver on loopback")]
    public async Task BatchOf500MatchingReadings_NothingFails_500DeliveriesEachOnceAndSigned()
    {
        LoopbackOnlyNetwork.Require();
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = new DevHostFactory(new Dictionary<string, string?> { ["DevHost:SeedDemoData"] = "false" });
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var sensors = new[] { await Api.CreateSensorAsync(client, type: "air_quality"), await Api.CreateSensorAsync(client, type: "air_quality") };
        using var subscribed = await client.PostAsync("subscriptions", Api.Json(new
        {
            url = receiver.Url("/batch").AbsoluteUri,
            filter = new { sensorIds = sensors, conditions = new[] { new { field = "pm25", op = "gt", value = 35 } } },
        }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = await subscribed.ReadJsonAsync();
        var secret = (string)subscription["secret"]!;
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var items = Enumerable.Range(0, 500)
            .Select(i => new { sensorId = sensors[i % 2], id = $"r{i:D3}", timestamp = start.AddSeconds(i), payload = new { pm25 = 36 + (i % 50) } })
            .ToList();

        using var response = await client.PostAsync("readings", Api.Json(new { readings = items }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(500, (int)(await response.ReadJsonAsync())["created"]!);
        await WebhookQueueDrain.WaitAsync(host.Services.GetRequiredService<WebhookQueues>(), DrainWait);
        var received = receiver.Received.ToList();
        Assert.Equal(500, received.Count);
        Assert.Equal(500, received.Select(webhook => webhook.Headers["webhook-id"]).Distinct(StringComparer.Ordinal).Count());
        Assert.All(received, webhook => Assert.Equal([webhook.ExpectedSignature(secret)], webhook.Headers["webhook-signature"].Split(' ')));
        var delivered = received.Select(webhook => JsonNode.Parse(webhook.Body)!["data"]!)
            .Select(data => $"{(string?)data["sensorId"]}/{(string?)data["reading"]!["id"]}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(items.Select(item => $"{item.sensorId}/{item.id}").Order(StringComparer.Ordinal), delivered);
    }
}
