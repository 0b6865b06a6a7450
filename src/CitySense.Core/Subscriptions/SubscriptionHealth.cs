namespace CitySense.Core.Subscriptions;

/// <summary>
/// Auto-disable: what one delivery attempt's outcome changes on its subscription. The subscription is written only on
/// a transition (the first failure after a success, the first success after failures, disabling), never per attempt.
/// </summary>
public static class SubscriptionHealth
{
    public static SubscriptionHealthChange After(Subscription subscription, bool succeeded, DateTimeOffset now, TimeSpan disableAfter)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.Status == SubscriptionStatus.Disabled)
        {
            return SubscriptionHealthChange.None;
        }

        if (succeeded)
        {
            return subscription.FailingSince is null ? SubscriptionHealthChange.None : SubscriptionHealthChange.Recovered;
        }

        return subscription.FailingSince is not { } since ? SubscriptionHealthChange.StartedFailing
            : now - since >= disableAfter ? SubscriptionHealthChange.Disable
            : SubscriptionHealthChange.None;
    }

    public static string DisabledReason(DateTimeOffset failingSince) =>
        $"Every delivery since {Json.Timestamps.Format(failingSince)} failed.";
}
