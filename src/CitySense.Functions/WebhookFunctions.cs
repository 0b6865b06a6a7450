using System.Text.Json;
using CitySense.Functions.Http;
using CitySense.Functions.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>
/// Webhook delivery, queue-triggered: each matched reading fans out to one delivery message per subscription it matched at ingest,
/// and each delivery message is sent. Retries, visibility and the poison queue are the queue trigger's (host.json).
/// </summary>
public sealed class WebhookFunctions(WebhookFanOut fanOut, WebhookDelivery delivery)
{
    [Function(nameof(FanOutReadingEvent))]
    public async Task FanOutReadingEvent(
        [QueueTrigger(WebhookQueues.ReadingEvents, Connection = WebhookQueues.ConnectionName)] string message,
        CancellationToken cancellationToken)
    {
        await fanOut.FanOutAsync(Parse<MatchedReadingMessage>(message), cancellationToken);
    }

    [Function(nameof(DeliverWebhook))]
    public async Task DeliverWebhook(
        [QueueTrigger(WebhookQueues.Deliveries, Connection = WebhookQueues.ConnectionName)] string message,
        CancellationToken cancellationToken)
    {
        var parsed = Parse<WebhookDeliveryMessage>(message);
        await delivery.DeliverAsync(parsed.SubscriptionId, parsed.Reading.ToReading(), cancellationToken);
    }

    private static T Parse<T>(string message) =>
        JsonSerializer.Deserialize<T>(message, CitySenseJson.Options) ?? throw new JsonException($"The message is not a {typeof(T).Name}.");
}
