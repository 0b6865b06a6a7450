using CitySense.Core.Subscriptions;

namespace CitySense.Cosmos.Documents;

/// <summary>A subscription in the "subscriptions" container (partition key /id).</summary>
internal sealed record SubscriptionDocument
{
    public required string Id { get; init; }

    public required string OwnerId { get; init; }

    public required string Url { get; init; }

    public string? Description { get; init; }

    public required SubscriptionFilter Filter { get; init; }

    public required string Secret { get; init; }

    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>Present while the subscription is disabled.</summary>
    public DisabledMark? Disabled { get; init; }

    public static DisabledMark? MarkOf(Subscription subscription) =>
        subscription.Status == SubscriptionStatus.Disabled ? new DisabledMark(subscription.DisabledAt ?? subscription.UpdatedAt, subscription.DisabledReason ?? "Disabled.") : null;

    public static SubscriptionDocument From(Subscription subscription) => new()
    {
        Id = subscription.Id,
        OwnerId = subscription.OwnerId,
        Url = subscription.Url,
        Description = subscription.Description,
        Filter = subscription.Filter,
        Secret = subscription.Secret,
        PreviousSecret = subscription.PreviousSecret,
        PreviousSecretExpiresAt = subscription.PreviousSecretExpiresAt,
        Version = subscription.Version,
        CreatedAt = subscription.CreatedAt,
        UpdatedAt = subscription.UpdatedAt,
        FailingSince = subscription.FailingSince,
        Disabled = MarkOf(subscription),
    };

    public Subscription ToSubscription() => new()
    {
        Id = Id,
        OwnerId = OwnerId,
        Url = Url,
        Description = Description,
        Filter = Filter,
        Secret = Secret,
        PreviousSecret = PreviousSecret,
        PreviousSecretExpiresAt = PreviousSecretExpiresAt,
        Version = Version,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        Status = Disabled is null ? SubscriptionStatus.Active : SubscriptionStatus.Disabled,
        FailingSince = FailingSince,
        DisabledAt = Disabled?.At,
        DisabledReason = Disabled?.Reason,
    };
}
