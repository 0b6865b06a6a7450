using System.Net;
using System.Text.Json.Nodes;
using CitySense.Functions.Webhooks;
using CitySense.Testing;
using CitySense.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// Webhook delivery through the DevHost: ingest over HTTP publishes to the reading-events queue (Azurite, started by
/// the DevHost), the queue-triggered fan-out and delivery functions run as the queue trigger runs them, and a receiver
/// on loopback gets the POST. Connects for real, so it runs only in a loopback-only network namespace
/// (<see cref="LoopbackOnlyNetwork"/>); signatures are checked with the specification's HMAC written in the tests.
/// </summary>
[Trait(LoopbackOnlyNetwork.Trait, LoopbackOnlyNetwork.LoopbackOnly)]
public sealed class WebhookDeliveryEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(30);

    private LoopbackReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        LoopbackOnlyNetwork.Require();
        receiver = await LoopbackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    [InProcessFact("runs the DevHost's queue functions against a receiver on loopback")]
    public async Task Ingest_MatchingAndNonMatchingReadings_OnlyTheMatchingOneDeliveredOnceSigned()
    {
        await using var host = new DevHostFactory(new Dictionary<string, string?> { ["DevHost:SeedDemoData"] = "false" });
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var sensorId = await Api.CreateSensorAsync(client, type: "air_quality");
        using var subscribed = await client.PostAsync("subscriptions", Api.Json(new
        {
            url = receiver.Url("/hook").AbsoluteUri,
            filter = new { sensorIds = new[] { sensorId }, conditions = new[] { new { field = "pm25", op = "gt", value = 35.5 } } },
        }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = await subscribed.ReadJsonAsync();
        var secret = (string)subscription["secret"]!;

        using var clean = await Api.IngestAsync(client, sensorId, new { id = "clean-air", payload = new { pm25 = 12.0 } });
        using var smoky = await Api.IngestAsync(client, sensorId, new { id = "smoky-air", payload = new { pm25 = 80.5 } });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (clean.StatusCode, smoky.StatusCode));

        await Poll.UntilAsync(() => !receiver.Received.IsEmpty, DeliveryWait);
        await Poll.UntilAsync(() => WebhookQueueDrain.IsDrainedAsync(host.Services.GetRequiredService<WebhookQueues>()), DeliveryWait);

        var received = Assert.Single(receiver.Received);
        Assert.Equal(("POST", "/hook"), (received.Method, received.Path));
        Assert.Equal([received.ExpectedSignature(secret)], received.Headers["webhook-signature"].Split(' '));
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("reading.created", (string?)body["type"]);
        Assert.Equal((string?)subscription["id"], (string?)body["data"]!["subscriptionId"]);
        Assert.Equal(sensorId, (string?)body["data"]!["sensorId"]);
        Assert.Equal("smoky-air", (string?)body["data"]!["reading"]!["id"]);
        Assert.Equal(80.5, (double?)body["data"]!["reading"]!["payload"]!["pm25"]);
    }

    /// <summary>Both queues hold no message, visible or not: every event was fanned out and every delivery made.</summary>
}
