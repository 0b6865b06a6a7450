namespace CitySense.Core.Subscriptions;

/// <summary>The write a delivery attempt's outcome calls for on its subscription.</summary>
public enum SubscriptionHealthChange
{
    None,
    StartedFailing,
    Recovered,
    Disable,
}
