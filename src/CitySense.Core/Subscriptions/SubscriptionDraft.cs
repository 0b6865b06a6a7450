namespace CitySense.Core.Subscriptions;

/// <summary>A subscription as a caller proposes it (create or replace); <see cref="SubscriptionRules"/> checks every field.</summary>
public sealed record SubscriptionDraft
{
    public string? Url { get; init; }

    public string? Description { get; init; }

    public SubscriptionFilterDraft? Filter { get; init; }

    /// <summary>"active" or "disabled"; absent keeps the current status (active for a new subscription).</summary>
    public string? Status { get; init; }
}
