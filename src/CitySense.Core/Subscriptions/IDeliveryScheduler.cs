namespace CitySense.Core.Subscriptions;

/// <summary>Queues deliveries for the delivery function (the webhook-deliveries queue in every host).</summary>
public interface IDeliveryScheduler
{
    /// <summary>Queues the first attempt of a fresh series of <paramref name="record"/>'s delivery: same id, same event.</summary>
    Task RedeliverAsync(DeliveryRecord record, CancellationToken cancellationToken);

    /// <summary>Queues a test event (<c>subscription.ping</c>) to <paramref name="subscription"/>; returns its delivery id.</summary>
    Task<string> PingAsync(Subscription subscription, CancellationToken cancellationToken);
}
