using CitySense.Core.Sensors;

namespace CitySense.Core.Subscriptions;

/// <summary>Which readings a subscription wants: every criterion given must hold (validated by <see cref="SubscriptionRules"/>).</summary>
public sealed record SubscriptionFilter
{
    /// <summary>Only these sensors (1-100 distinct ids), or any sensor when null.</summary>
    public IReadOnlyList<string>? SensorIds { get; init; }

    public string? City { get; init; }

    public string? Type { get; init; }

    /// <summary>Only sensors within <see cref="RadiusMeters"/> of this point; both or neither.</summary>
    public Coordinates? Near { get; init; }

    public double? RadiusMeters { get; init; }

    /// <summary>Conditions on numeric payload fields (at most 5), combined by <see cref="Match"/>; none means any payload.</summary>
    public IReadOnlyList<PayloadCondition> Conditions { get; init; } = [];

    public ConditionMatch Match { get; init; } = ConditionMatch.All;
}
