namespace CitySense.Core.Subscriptions;

/// <summary>How a payload field is compared with a condition's value.</summary>
public enum ConditionOperator
{
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
    Ne,
}
