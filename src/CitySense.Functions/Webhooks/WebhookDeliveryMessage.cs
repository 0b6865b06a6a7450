namespace CitySense.Functions.Webhooks;

/// <summary>One delivery to make: the reading and the subscription it matched (its URL and secrets are read when sending, never queued).</summary>
public sealed record WebhookDeliveryMessage(string SubscriptionId, ReadingEventMessage Reading);
