using System.Text.Json;
using CitySense.Functions.Http;
using CitySense.Functions.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>
/// Webhook delivery, queue-triggered: each matched reading fans out to one delivery message per subscription it matched
/// at ingest, and each delivery message is one attempt. A failed attempt queues the next with a backoff delay
/// (WebhookDelivery); the queue trigger's own retries and poison queue (host.json) catch a function that fails or crashes.
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
        await delivery.DeliverAsync(Parse<WebhookDeliveryMessage>(message), cancellationToken);
    }

    private static T Parse<T>(string message) =>
        JsonSerializer.Deserialize<T>(message, CitySenseJson.Options) ?? throw new JsonException($"The message is not a {typeof(T).Name}.");
}
