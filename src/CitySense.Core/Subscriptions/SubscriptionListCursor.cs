namespace CitySense.Core.Subscriptions;

/// <summary>Position in a subscription listing: the last subscription id returned.</summary>
public sealed record SubscriptionListCursor(string After);
