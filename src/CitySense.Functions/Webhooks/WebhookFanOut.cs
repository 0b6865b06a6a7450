using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Subscriptions;
using CitySense.Functions.Http;
using Microsoft.Extensions.Logging;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// Turns one reading event into one delivery message per subscription whose filter it matches. Reads every
/// subscription (a cross-partition query per page of 100) and matches in memory; a failure throws, so the queue
/// retries the event, and deliveries already queued are queued again with the same webhook id. Disabled subscriptions
/// are skipped.
/// </summary>
public sealed partial class WebhookFanOut(ISubscriptionStore subscriptions, WebhookQueues queues, ILogger<WebhookFanOut> logger)
{
    private const int PageSize = 100;

    public async Task<int> FanOutAsync(Reading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var message = ReadingEventMessage.From(reading);
        var queued = 0;
        string? after = null;
        IReadOnlyList<Subscription> page;
        do
        {
            page = await subscriptions.ListAsync(ownerId: null, after, PageSize, cancellationToken);
            foreach (var subscription in page.Where(s => s.Status == SubscriptionStatus.Active && SubscriptionMatcher.Matches(s.Filter, reading)))
            {
                var delivery = JsonSerializer.Serialize(new WebhookDeliveryMessage { SubscriptionId = subscription.Id, Reading = message }, CitySenseJson.Options);
                await queues.SendAsync(WebhookQueues.Deliveries, delivery, cancellationToken);
                queued++;
            }

            after = page.Count > 0 ? page[^1].Id : null;
        }
        while (page.Count == PageSize);

        LogFannedOut(reading.Id, reading.SensorId, queued);
        return queued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {ReadingId} of {SensorId} matched {Count} subscriptions")]
    private partial void LogFannedOut(string readingId, Core.Sensors.SensorId sensorId, int count);
}
