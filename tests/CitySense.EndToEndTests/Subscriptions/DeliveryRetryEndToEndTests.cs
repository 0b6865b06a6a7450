using System.Net;
using System.Text.Json.Nodes;
using CitySense.DevHost.Functions;
using CitySense.DevHost.LocalCosmos;
using CitySense.DevHost.LocalQueues;
using CitySense.Functions.Webhooks;
using CitySense.Testing;
using CitySense.Testing.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// Retries, dead letters, redelivery, restarts, auto-disable and pings through the DevHost: ingest over HTTP, the
/// queue-triggered functions on Azurite, a receiver on loopback that fails as each test tells it to. Backoff delays
/// are seconds here (Webhooks:FirstRetryDelay), minutes by default. Connects for real, so it runs only in a
/// loopback-only network namespace (<see cref="LoopbackOnlyNetwork"/>).
/// </summary>
[Trait(LoopbackOnlyNetwork.Trait, LoopbackOnlyNetwork.LoopbackOnly)]
public sealed class DeliveryRetryEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    // The queue trigger polls every 200 ms at most; a message taken by a host that stops reappears after 5 s.
    private static readonly QueueTriggerOptions FastQueues = new()
    {
        MaxDequeueCount = 5,
        VisibilityTimeout = TimeSpan.FromSeconds(1),
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
        FunctionTimeout = TimeSpan.FromSeconds(5),
    };

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
    public async Task Deliver_ReceiverFailsTwice_DeliveredOnTheThirdAttemptWithTheSameIdSigned()
    {
        FailFirst(2);
        await using var host = NewHost(maxAttempts: 6);
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var (sensorId, subscriptionId, secret) = await SubscribeAsync(client);

        using var ingested = await Api.IngestAsync(client, sensorId, new { id = "third-time", payload = new { pm25 = 80.5 } });
        Assert.Equal(HttpStatusCode.Created, ingested.StatusCode);

        var record = await WaitForDeliveryAsync(client, subscriptionId, "succeeded");
        var received = receiver.Received.ToArray();
        Assert.Equal(3, received.Length);
        Assert.Single(received.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Equal([received[2].ExpectedSignature(secret)], received[2].Headers["webhook-signature"].Split(' '));
        Assert.Equal("third-time", (string?)JsonNode.Parse(received[2].Body)!["data"]!["reading"]!["id"]);
        Assert.Equal(received[2].Headers["webhook-id"], (string?)record["id"]);
        Assert.Equal(3, (int?)record["attempts"]);
        Assert.Equal([500, 500, 204], record["recentAttempts"]!.AsArray().Select(a => (int?)a!["statusCode"]));
        Assert.Equal("The receiver answered 500.", (string?)record["recentAttempts"]![0]!["error"]);
    }

    [InProcessFact("runs the DevHost's queue functions against a receiver on loopback")]
    public async Task Deliver_ReceiverAlwaysFails_DeadLetteredThenRedeliveredOnceItRecovers()
    {
        FailFirst(int.MaxValue);
        await using var host = NewHost(maxAttempts: 3);
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var (sensorId, subscriptionId, secret) = await SubscribeAsync(client);
        using var ingested = await Api.IngestAsync(client, sensorId, new { id = "lost-cause", payload = new { pm25 = 99.0 } });
        Assert.Equal(HttpStatusCode.Created, ingested.StatusCode);

        var failed = await WaitForDeliveryAsync(client, subscriptionId, "failed");
        Assert.Equal(3, (int?)failed["attempts"]);
        Assert.Equal(3, receiver.Received.Count);
        var deliveryId = (string)failed["id"]!;
        using var none = await client.GetAsync($"subscriptions/{subscriptionId}/deliveries?status=succeeded");
        Assert.Empty((await none.ReadJsonAsync())["items"]!.AsArray());

        FailFirst(0);
        using var redeliver = await client.PostAsync($"subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal(deliveryId, (string?)(await redeliver.ReadJsonAsync())["deliveryId"]);

        var succeeded = await WaitForDeliveryAsync(client, subscriptionId, "succeeded");
        Assert.Equal((deliveryId, 4), ((string)succeeded["id"]!, (int)succeeded["attempts"]!));
        var last = receiver.Received.Last();
        Assert.Equal(deliveryId, last.Headers["webhook-id"]);
        Assert.Equal([last.ExpectedSignature(secret)], last.Headers["webhook-signature"].Split(' '));
        Assert.Equal("lost-cause", (string?)JsonNode.Parse(last.Body)!["data"]!["reading"]!["id"]);
    }

    [InProcessFact("runs the DevHost's queue functions against a receiver on loopback")]
    public async Task Deliver_HostRestartsWhileARetryIsPending_TheNewHostDeliversIt()
    {
        await using var cosmos = await LocalCosmosServer.StartAsync();
        await using var queues = await LocalQueueServer.StartAsync();
        var shared = new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = cosmos.Endpoint.ToString(),
            ["Cosmos:Key"] = cosmos.Key,
            ["Cosmos:CreateIfNotExists"] = "true",
            ["AzureWebJobsStorage"] = queues.ConnectionString,
        };
        FailFirst(int.MaxValue);
        string subscriptionId;
        string firstId;
        await using (var first = NewHost(maxAttempts: 6, firstRetryDelay: "00:00:03", extra: shared))
        {
            using var client = first.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
            (var sensorId, subscriptionId, _) = await SubscribeAsync(client);
            using var ingested = await Api.IngestAsync(client, sensorId, new { id = "survives-restart", payload = new { pm25 = 50.0 } });
            Assert.Equal(HttpStatusCode.Created, ingested.StatusCode);
            var pending = await WaitForDeliveryAsync(client, subscriptionId, "pending");
            firstId = (string)pending["id"]!;
        }

        // The first host is gone with the next attempt still queued; the receiver recovers; a new host starts.
        var before = receiver.Received.Count;
        FailFirst(0);
        await using var second = NewHost(maxAttempts: 6, firstRetryDelay: "00:00:03", extra: shared);
        using var secondClient = second.CreateDefaultClient(TargetSettings.InProcessBaseUrl);

        var delivered = await WaitForDeliveryAsync(secondClient, subscriptionId, "succeeded");
        Assert.Equal(firstId, (string?)delivered["id"]);
        Assert.True(receiver.Received.Count > before);
        Assert.All(receiver.Received, r => Assert.Equal(firstId, r.Headers["webhook-id"]));
    }

    [InProcessFact("runs the DevHost's queue functions against a receiver on loopback")]
    public async Task Deliver_FailingLongerThanDisableAfter_SubscriptionDisabledSkippedAndReenabledWithPut()
    {
        FailFirst(int.MaxValue);
        await using var host = NewHost(maxAttempts: 20, firstRetryDelay: "00:00:01", disableAfter: "00:00:03");
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var (sensorId, subscriptionId, _) = await SubscribeAsync(client);
        using var ingested = await Api.IngestAsync(client, sensorId, new { id = "keeps-failing", payload = new { pm25 = 70.0 } });
        Assert.Equal(HttpStatusCode.Created, ingested.StatusCode);

        var failed = await WaitForDeliveryAsync(client, subscriptionId, "failed");
        Assert.True("Not sent: the subscription is disabled." == (string?)failed["recentAttempts"]!.AsArray()[^1]!["error"], failed.ToJsonString());
        using var got = await client.GetAsync($"subscriptions/{subscriptionId}");
        var subscription = await got.ReadJsonAsync();
        Assert.Equal("disabled", (string?)subscription["status"]);
        Assert.NotNull(subscription["disabledAt"]);
        Assert.StartsWith("Every delivery since ", (string?)subscription["disabledReason"], StringComparison.Ordinal);

        // Disabled: a new matching reading is not fanned out to it.
        FailFirst(0);
        var attemptsSoFar = receiver.Received.Count;
        using var skipped = await Api.IngestAsync(client, sensorId, new { id = "while-disabled", payload = new { pm25 = 71.0 } });
        Assert.Equal(HttpStatusCode.Created, skipped.StatusCode);
        await Poll.UntilAsync(() => WebhookQueueDrain.IsDrainedAsync(host.Services.GetRequiredService<WebhookQueues>()), Wait);
        Assert.Equal(attemptsSoFar, receiver.Received.Count);

        using var enabled = await Api.PutJsonAsync(
            client,
            $"subscriptions/{subscriptionId}",
            new { url = receiver.Url("/hook").AbsoluteUri, filter = new { sensorIds = new[] { sensorId } }, status = "active" },
            got.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var active = await enabled.ReadJsonAsync();
        Assert.Equal("active", (string?)active["status"]);
        Assert.Null(active["disabledAt"]);
        using var delivered = await Api.IngestAsync(client, sensorId, new { id = "after-enabling", payload = new { pm25 = 72.0 } });
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Body.Contains("after-enabling", StringComparison.Ordinal)), Wait);
    }

    [InProcessFact("runs the DevHost's queue functions against a receiver on loopback")]
    public async Task Ping_ActiveSubscription_ATestEventArrivesSignedAndIsRecorded()
    {
        FailFirst(0);
        await using var host = NewHost(maxAttempts: 6);
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var (_, subscriptionId, secret) = await SubscribeAsync(client);

        using var ping = await client.PostAsync($"subscriptions/{subscriptionId}/ping", null);

        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        var deliveryId = (string)(await ping.ReadJsonAsync())["deliveryId"]!;
        await Poll.UntilAsync(() => !receiver.Received.IsEmpty, Wait);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(deliveryId, received.Headers["webhook-id"]);
        Assert.Equal([received.ExpectedSignature(secret)], received.Headers["webhook-signature"].Split(' '));
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal(("subscription.ping", subscriptionId), ((string?)body["type"], (string?)body["data"]!["subscriptionId"]));
        var record = await WaitForDeliveryAsync(client, subscriptionId, "succeeded");
        Assert.Equal((deliveryId, "subscription.ping"), ((string?)record["id"], (string?)record["eventType"]));
    }

    /// <summary>The receiver answers 500 to the first <paramref name="count"/> requests from now, then 204.</summary>
    private void FailFirst(int count)
    {
        var remaining = count;
        receiver.Answer = context =>
        {
            context.Response.StatusCode = Interlocked.Decrement(ref remaining) >= 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        };
    }

    private static DevHostFactory NewHost(int maxAttempts, string firstRetryDelay = "00:00:01", string disableAfter = "01:00:00", IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DevHost:SeedDemoData"] = "false",
            ["Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhooks:FirstRetryDelay"] = firstRetryDelay,
            ["Webhooks:RetryBackoffFactor"] = "1",
            ["Webhooks:MaxRetryDelay"] = firstRetryDelay,
            ["Webhooks:DisableAfter"] = disableAfter,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new DevHostFactory(settings, services => services.AddSingleton(FastQueues));
    }

    private async Task<(string SensorId, string SubscriptionId, string Secret)> SubscribeAsync(HttpClient client)
    {
        var sensorId = await Api.CreateSensorAsync(client, type: "air_quality");
        using var subscribed = await client.PostAsync("subscriptions", Api.Json(new
        {
            url = receiver.Url("/hook").AbsoluteUri,
            filter = new { sensorIds = new[] { sensorId } },
        }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = await subscribed.ReadJsonAsync();
        return (sensorId, (string)subscription["id"]!, (string)subscription["secret"]!);
    }

    /// <summary>Polls the deliveries listing until one record has <paramref name="status"/>, and returns it.</summary>
    private static async Task<JsonNode> WaitForDeliveryAsync(HttpClient client, string subscriptionId, string status)
    {
        JsonNode? found = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync($"subscriptions/{subscriptionId}/deliveries?status={status}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            found = (await response.ReadJsonAsync())["items"]!.AsArray().FirstOrDefault();
            return found is not null;
        }, Wait);
        Assert.Equal(status, (string?)found!["status"]);
        return found;
    }
}
