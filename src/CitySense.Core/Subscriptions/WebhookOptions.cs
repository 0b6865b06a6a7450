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

    /// <summary>Attempts of one delivery (the first included) before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The upper bound of the wait after the first failed attempt; each later bound is <see cref="RetryBackoffFactor"/> times the one before.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How fast the bound grows. With the defaults the bounds are 1, 3, 9, 27 and 81 minutes: six attempts span at most
    /// about 2 hours (each wait is drawn uniformly below its bound, "full jitter", so about 1 hour on average).
    /// </summary>
    public double RetryBackoffFactor { get; set; } = 3;

    /// <summary>No wait between attempts is longer than this (a queue message may stay invisible for at most 7 days).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A subscription whose deliveries have failed for this long, with no success between, is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Days a delivery record is kept (its Cosmos DB time to live, counted from its last change).</summary>
    public int DeliveryRetentionDays { get; set; } = 30;
}
