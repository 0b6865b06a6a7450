using System.Net;
using CitySense.Functions.Webhooks;
using CitySense.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// Ingest announces a reading on the reading-events queue only when a subscription matches it, with the ids of those
/// subscriptions: a sensor nobody subscribes to costs no queue operation. The fan-out is disabled the way Azure
/// disables a function (<c>AzureWebJobs.FanOutReadingEvent.Disabled</c>), so the queue keeps what ingest put there and
/// nothing connects anywhere.
/// </summary>
public sealed class ReadingEventTests : IAsyncLifetime, IDisposable
{
    private readonly DevHostFactory host = new(new Dictionary<string, string?>
    {
        ["DevHost:SeedDemoData"] = "false",
        ["AzureWebJobs.FanOutReadingEvent.Disabled"] = "true",
    });

    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose()
    {
        client.Dispose();
        host.Dispose();
    }

    [InProcessFact("reads the DevHost's local queue")]
    public async Task Ingest_NoSubscriptionMatches_NothingQueued_ThenAMatchingSubscription_OneMessageWithItsId()
    {
        var sensorId = await Api.CreateSensorAsync(client, type: "air_quality");
        var elsewhere = await SubscribeAsync(new { city = "nowhere" });

        using var unwatched = await Api.IngestAsync(client, sensorId, new { id = "unwatched", payload = new { pm25 = 50.0 } });
        Assert.Equal(HttpStatusCode.Created, unwatched.StatusCode);
        Assert.Empty(await QueuedAsync());

        var watching = await SubscribeAsync(new { sensorIds = new[] { sensorId } });
        var alsoWatching = await SubscribeAsync(new { type = "air_quality", conditions = new[] { new { field = "pm25", op = "gt", value = 35 } } });
        using var watched = await Api.IngestAsync(client, sensorId, new { id = "watched", payload = new { pm25 = 40.0 } });
        using var batch = await client.PostAsync("readings", Api.Json(new
        {
            readings = new[] { new { sensorId, id = "batch-low", payload = new { pm25 = 10.0 } } },
        }));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (watched.StatusCode, batch.StatusCode));

        var queued = await QueuedAsync();
        Assert.Equal(
            [("watched", new[] { watching, alsoWatching }.Order(StringComparer.Ordinal).ToArray()), ("batch-low", [watching])],
            queued.Select(message => (message.Reading.Id, message.SubscriptionIds.ToArray())).ToArray());
        Assert.DoesNotContain(queued, message => message.SubscriptionIds.Contains(elsewhere));
    }

    private async Task<string> SubscribeAsync(object filter)
    {
        using var response = await client.PostAsync("subscriptions", Api.Json(new { url = "http://127.0.0.1:9/hook", filter }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadJsonAsync())["id"]!;
    }

    private async Task<IReadOnlyList<MatchedReadingMessage>> QueuedAsync()
    {
        var queue = host.Services.GetRequiredService<WebhookQueues>().Queue(WebhookQueues.ReadingEvents);
        if (!(await queue.ExistsAsync()).Value)
        {
            return [];
        }

        var peeked = (await queue.PeekMessagesAsync(32)).Value;
        return peeked.Select(message => System.Text.Json.JsonSerializer.Deserialize<MatchedReadingMessage>(
            message.Body.ToString(), CitySense.Functions.Http.CitySenseJson.Options)!).ToList();
    }
}
