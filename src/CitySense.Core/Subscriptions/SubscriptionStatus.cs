namespace CitySense.Core.Subscriptions;

/// <summary>Whether a subscription gets deliveries.</summary>
public enum SubscriptionStatus
{
    Active,

    /// <summary>Nothing is delivered (pings excepted) until its owner sets it active again with PUT.</summary>
    Disabled,
}
