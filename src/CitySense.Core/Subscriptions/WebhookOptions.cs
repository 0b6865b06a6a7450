namespace CitySense.Core.Subscriptions;

/// <summary>Settings of subscriptions and their deliveries (section "Webhooks").</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Lets subscriptions target loopback addresses, over http too: for local runs only (the DevHost's defaults turn it
    /// on; Azure never does). Private, link-local and other non-public addresses stay refused either way.
    /// </summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>How many subscriptions one caller may have.</summary>
    public int MaxSubscriptionsPerCaller { get; set; } = 50;

    /// <summary>How long a rotated-out secret still signs deliveries, so receivers can switch without losing any.</summary>
    public TimeSpan SecretGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How old the in-memory list of subscriptions that ingest matches readings against may grow before it is read
    /// again: a subscription created, changed or deleted through another instance applies to this instance's readings
    /// within this time (through this instance, at once).
    /// </summary>
    public TimeSpan SubscriptionRefresh { get; set; } = TimeSpan.FromSeconds(30);
}
