namespace CitySense.Core.Subscriptions;

/// <summary>A filter as a caller sent it; validated into a <see cref="SubscriptionFilter"/>.</summary>
public sealed record SubscriptionFilterDraft
{
    public IReadOnlyList<string?>? SensorIds { get; init; }

    public string? City { get; init; }

    public string? Type { get; init; }

    public NearDraft? Near { get; init; }

    public IReadOnlyList<PayloadConditionDraft?>? Conditions { get; init; }

    /// <summary>"all" (the default) or "any".</summary>
    public string? Match { get; init; }
}
