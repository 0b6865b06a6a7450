namespace CitySense.Core.Subscriptions;

/// <summary>A payload condition as a caller sent it: <c>{"field": "pm25", "op": "gt", "value": 35}</c>.</summary>
public sealed record PayloadConditionDraft
{
    public string? Field { get; init; }

    /// <summary>gt, gte, lt, lte, eq or ne.</summary>
    public string? Op { get; init; }

    public double? Value { get; init; }
}
