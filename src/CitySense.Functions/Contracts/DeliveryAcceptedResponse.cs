namespace CitySense.Functions.Contracts;

/// <summary>The answer to a ping or a redelivery: the delivery that was queued (see it with GET .../deliveries).</summary>
public sealed record DeliveryAcceptedResponse(string DeliveryId, string SubscriptionId);
