using System.Text.Json;
using CitySense.Functions.Http;
using Microsoft.Extensions.Logging;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// Turns one matched reading into one delivery message per subscription it matched at ingest, so each receiver is
/// sent to on its own and a slow one holds back no other. Reads nothing: the delivery reads the subscription as it is
/// then (a deleted one is skipped). A failed enqueue throws, so the queue retries the event; deliveries already queued
/// are queued again with the same webhook id, which receivers de-duplicate.
/// </summary>
public sealed partial class WebhookFanOut(WebhookQueues queues, ILogger<WebhookFanOut> logger)
{
    public async Task<int> FanOutAsync(MatchedReadingMessage matched, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matched);
        foreach (var subscriptionId in matched.SubscriptionIds)
        {
            var delivery = JsonSerializer.Serialize(new WebhookDeliveryMessage { SubscriptionId = subscriptionId, Reading = matched.Reading }, CitySenseJson.Options);
            await queues.SendAsync(WebhookQueues.Deliveries, delivery, cancellationToken);
        }

        LogFannedOut(matched.Reading.Id, matched.Reading.SensorId, matched.SubscriptionIds.Count);
        return matched.SubscriptionIds.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {ReadingId} of {SensorId} queued for {Count} subscriptions")]
    private partial void LogFannedOut(string readingId, string sensorId, int count);
}
