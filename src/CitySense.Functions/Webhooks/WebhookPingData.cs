namespace CitySense.Functions.Webhooks;

/// <summary>What a <c>subscription.ping</c> event is about: only the subscription.</summary>
public sealed record WebhookPingData(string SubscriptionId);
