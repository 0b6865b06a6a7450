using System.Net;
using System.Net.Sockets;
using CitySense.DevHost.LocalQueues;
using CitySense.Testing;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// Ingest of a reading a subscription matches when the queue service does not answer: the reading is stored, the
/// request answers 503 with Retry-After, and the problem says what failed — the event was not queued — rather than blaming the database. The queue connection
/// points at a closed port on loopback, so the real queue client fails as it would against an unreachable account.
/// </summary>
public sealed class QueueUnavailableTests
{
    private const string NotQueued =
        "The reading was stored but its event could not be queued; retry the request: retries are safe (the same reading id is stored once and queued again).";

    [InProcessFact("needs a DevHost whose queue connection points at a closed port")]
    public async Task Ingest_QueueServiceDown_503SaysTheReadingWasStoredButNotQueued()
    {
        await using var host = new DevHostFactory(new Dictionary<string, string?>
        {
            ["DevHost:SeedDemoData"] = "false",
            ["AzureWebJobsStorage"] = ClosedQueueConnection(),
        });
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var sensorId = await Api.CreateSensorAsync(client);
        var unwatched = await Api.CreateSensorAsync(client);
        using var subscribed = await client.PostAsync("subscriptions", Api.Json(new { url = "http://127.0.0.1:9/hook", filter = new { sensorIds = new[] { sensorId } } }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        // A sensor no subscription matches needs no queue: its ingest is unaffected.
        using var unaffected = await Api.IngestAsync(client, unwatched, new { id = "needs-no-queue", payload = new { v = 0 } });
        Assert.Equal(HttpStatusCode.Created, unaffected.StatusCode);

        using var single = await Api.IngestAsync(client, sensorId, new { id = "not-queued", payload = new { v = 1 } });
        using var batch = await client.PostAsync("readings", Api.Json(new { readings = new[] { new { sensorId, id = "not-queued-batch", payload = new { v = 2 } } } }));

        var problem = await single.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(NotQueued, (string?)problem["detail"]);
        Assert.NotNull(single.Headers.RetryAfter);
        var item = Assert.Single((await batch.ReadJsonAsync())["results"]!.AsArray())!;
        Assert.Equal(("error", 503), ((string?)item["status"], (int?)item["problem"]?["status"]));
        Assert.Equal(NotQueued, (string?)item["problem"]?["detail"]);

        // Stored, as the detail says: the client's retry finds it and queues it again.
        using var history = await client.GetAsync($"sensors/{sensorId}/readings");
        var ids = (await history.ReadJsonAsync())["items"]!.AsArray().Select(reading => (string?)reading!["id"]);
        Assert.Equal(["not-queued", "not-queued-batch"], ids.Order(StringComparer.Ordinal));
    }

    /// <summary>Azurite's well-known development account on a loopback port nothing listens on.</summary>
    private static string ClosedQueueConnection()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + $"AccountKey={LocalQueueServer.WellKnownKey};"
            + $"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }
}
