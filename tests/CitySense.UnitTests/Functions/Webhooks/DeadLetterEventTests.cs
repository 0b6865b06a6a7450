using CitySense.Core.Subscriptions;
using CitySense.Core.Webhooks;
using CitySense.Functions.Webhooks;
using CitySense.Testing.Stores;
using CitySense.Testing.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Functions.Webhooks;

/// <summary>
/// The <c>webhook-dead-letters</c> alert counts custom events named <c>WebhookDeadLettered</c>: a delivery that spends
/// its last attempt must be recorded failed and log exactly one record carrying the attribute the Azure Monitor
/// exporter turns into that event. The connector refuses every connection, so nothing is ever sent.
/// </summary>
public sealed class DeadLetterEventTests
{
    [Fact]
    public async Task DeliverAsync_LastAttemptFails_RecordFailedAndOneWebhookDeadLetteredEvent()
    {
        var options = Options.Create(new WebhookOptions { MaxAttempts = 1 });
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var subscriptions = new InMemorySubscriptionStore();
        var subscription = TestSubscriptions.To("https://93.184.216.34/hook");
        await subscriptions.TryCreateAsync(subscription, CancellationToken.None);
        var records = new InMemoryDeliveryStore();
        var resolver = Substitute.For<IHostAddressResolver>();
        using var sender = new WebhookSender(new WebhookTargetGuard(resolver, options), resolver, new RefusingWebhookConnector(), clock);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [WebhookQueues.ConnectionName] = "UseDevelopmentStorage=true" })
            .Build();
        var logger = new FakeLogger<WebhookDelivery>();
        var delivery = new WebhookDelivery(
            subscriptions, records, sender, new QueueDeliveryScheduler(new WebhookQueues(configuration, [])), clock, options, logger);
        var reading = TestSubscriptions.Reading();

        var record = await delivery.DeliverAsync(
            new WebhookDeliveryMessage { SubscriptionId = subscription.Id, Reading = ReadingEventMessage.From(reading) }, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Failed, record!.Status);
        Assert.Equal(DeliveryStatus.Failed, (await records.FindAsync(subscription.Id, record.Id, CancellationToken.None))!.Status);
        var deadLettered = Assert.Single(logger.Collector.GetSnapshot(), entry => entry.Id.Name == WebhookDelivery.DeadLetteredEvent);
        var attributes = deadLettered.StructuredState!.ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal("WebhookDeadLettered", attributes["microsoft.custom_event.name"]);
        Assert.Equal(subscription.Id, attributes["SubscriptionId"]);
        Assert.Equal(record.Id, attributes["DeliveryId"]);
        Assert.Equal("1", attributes["Attempt"]);
    }
}
