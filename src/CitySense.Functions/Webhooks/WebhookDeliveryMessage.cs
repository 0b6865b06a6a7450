using CitySense.Core.Subscriptions;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// One attempt of a delivery to make: the subscription (its URL and secrets are read when sending, never queued), the
/// event, and where the delivery stands. A failed attempt queues the next one as a copy of this with
/// <see cref="Attempt"/> one higher, so a delivery's state travels with it and survives any restart.
/// </summary>
public sealed record WebhookDeliveryMessage
{
    public required string SubscriptionId { get; init; }

    /// <summary>The reading of a <c>reading.created</c> event; none for a ping.</summary>
    public ReadingEventMessage? Reading { get; init; }

    /// <summary>The event type; absent means <c>reading.created</c> (the fan-out's messages).</summary>
    public string? EventType { get; init; }

    /// <summary>The webhook id; absent means the reading's (<see cref="WebhookSender.WebhookId"/>).</summary>
    public string? DeliveryId { get; init; }

    /// <summary>Which attempt of this series this is, from 1 to Webhooks:MaxAttempts.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Attempts made by earlier series (a redelivery's), for the record's count.</summary>
    public int PriorAttempts { get; init; }

    /// <summary>The newest attempts so far, oldest first.</summary>
    public IReadOnlyList<DeliveryAttempt>? RecentAttempts { get; init; }

    /// <summary>When the first attempt was made; absent before it.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
