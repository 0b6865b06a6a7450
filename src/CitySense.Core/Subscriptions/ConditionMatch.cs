namespace CitySense.Core.Subscriptions;

/// <summary>How a subscription's payload conditions combine: every one must hold, or at least one.</summary>
public enum ConditionMatch
{
    All,
    Any,
}
