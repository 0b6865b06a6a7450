using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Subscriptions;
using CitySense.Functions.Http;

namespace CitySense.Functions.Webhooks;

/// <summary>Queues delivery attempts on <see cref="WebhookQueues.Deliveries"/>: the next attempt of a failed one (delayed), a redelivery, a ping.</summary>
public sealed class QueueDeliveryScheduler(WebhookQueues queues) : IDeliveryScheduler
{
    /// <summary>
    /// Queues <paramref name="next"/>, invisible for <paramref name="delay"/> rounded up to whole seconds (a queue's
    /// visibility timeout has whole-second granularity: a shorter one would be none); a failure throws
    /// (<see cref="Core.Problems.StoreUnavailableException"/>).
    /// </summary>
    public Task ScheduleAsync(WebhookDeliveryMessage next, TimeSpan delay, CancellationToken cancellationToken) =>
        queues.SendAsync(WebhookQueues.Deliveries, JsonSerializer.Serialize(next, CitySenseJson.Options), WholeSeconds(delay), cancellationToken);

    public static TimeSpan WholeSeconds(TimeSpan delay) => TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));

    public Task RedeliverAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var message = new WebhookDeliveryMessage
        {
            SubscriptionId = record.SubscriptionId,
            DeliveryId = record.Id,
            EventType = record.EventType,
            Reading = record.Subject?.Deserialize<ReadingEventMessage>(CitySenseJson.Options),
            PriorAttempts = record.Attempts,
            RecentAttempts = record.RecentAttempts,
            CreatedAt = record.CreatedAt,
        };
        return ScheduleAsync(message, TimeSpan.Zero, cancellationToken);
    }

    public async Task<string> PingAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var id = "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var message = new WebhookDeliveryMessage { SubscriptionId = subscription.Id, DeliveryId = id, EventType = WebhookEvent.SubscriptionPing };
        await ScheduleAsync(message, TimeSpan.Zero, cancellationToken);
        return id;
    }
}
