namespace CitySense.Core.Subscriptions;

/// <summary>A comparison of one numeric payload field (a dotted path for nested fields) with a number.</summary>
public sealed record PayloadCondition(string Field, ConditionOperator Op, double Value);
