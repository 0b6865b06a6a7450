namespace CitySense.Core.Subscriptions;

/// <summary>A caller's request to be told about new readings that match <see cref="Filter"/>, by a POST to <see cref="Url"/>.</summary>
public sealed record Subscription
{
    public required string Id { get; init; }

    /// <summary>The caller that created it: the only caller (besides admins) that sees and manages it.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Absolute https URL (http only for loopback targets where the settings allow them).</summary>
    public required string Url { get; init; }

    public string? Description { get; init; }

    public required SubscriptionFilter Filter { get; init; }

    /// <summary>The signing secret (Standard Webhooks, <c>whsec_</c> + base64 of 32 random bytes).</summary>
    public required string Secret { get; init; }

    /// <summary>The secret replaced by the last rotation; it still signs until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    /// <summary>Changes with every change of the subscription; the API's ETag.</summary>
    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public SubscriptionStatus Status { get; init; } = SubscriptionStatus.Active;

    /// <summary>Since when its deliveries have been failing with no success between (null while healthy); not part of the version.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>When it was disabled, while disabled.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>Why it was disabled, while disabled.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>The secrets that sign a delivery at <paramref name="now"/>: the current one, and the previous one during its grace period.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > now ? [Secret, previous] : [Secret];
}
