using CitySense.DevHost.Functions;
using CitySense.Functions.Webhooks;
using CitySense.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// The DevHost runs queue-triggered functions as the Functions host's queue trigger does: settings from host.json, and
/// a message whose function keeps failing is moved to <c>&lt;queue&gt;-poison</c> after maxDequeueCount attempts.
/// </summary>
public sealed class QueueTriggerTests
{
    [Fact]
    public void FromHostJson_TheAppsHostJson_ReadsItsQueueSettings()
    {
        var options = QueueTriggerOptions.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json"));

        Assert.Equal(
            (16, 5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), "base64", TimeSpan.FromMinutes(2)),
            (options.BatchSize, options.MaxDequeueCount, options.MaxPollingInterval, options.VisibilityTimeout, options.MessageEncoding, options.FunctionTimeout));
    }

    // No visibility timeout and three attempts, so the test does not wait 5 × 30 s; the logic is the same.
    [InProcessFact("replaces the DevHost's queue trigger settings")]
    public async Task FailingMessage_AfterMaxDequeueCountAttempts_MovedToThePoisonQueue()
    {
        var options = new QueueTriggerOptions { MaxDequeueCount = 3, VisibilityTimeout = TimeSpan.Zero, MaxPollingInterval = TimeSpan.FromMilliseconds(200) };
        await using var host = new DevHostFactory(
            new Dictionary<string, string?> { ["DevHost:SeedDemoData"] = "false" },
            services => services.AddSingleton(options));
        host.CreateClient().Dispose(); // Starts the host.
        var queues = host.Services.GetRequiredService<WebhookQueues>();

        await queues.SendAsync(WebhookQueues.ReadingEvents, "not a reading event", CancellationToken.None);

        var poison = queues.Queue(WebhookQueues.ReadingEvents + "-poison");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await poison.ExistsAsync(timeout.Token)).Value || (await poison.GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }

        var moved = Assert.Single((await poison.ReceiveMessagesAsync(10, cancellationToken: timeout.Token)).Value);
        Assert.Equal("not a reading event", moved.Body.ToString());
        Assert.Equal(0, (await queues.Queue(WebhookQueues.ReadingEvents).GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount);
    }
}
