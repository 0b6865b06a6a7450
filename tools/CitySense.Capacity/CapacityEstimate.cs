namespace CitySense.Capacity;

/// <summary>Everything the model says about one workload on one stage.</summary>
internal sealed record CapacityEstimate(
    Workload Workload,
    StageSettings Stage,
    CosmosEstimate Cosmos,
    FunctionsEstimate Functions,
    ApiManagementEstimate ApiManagement,
    IReadOnlyList<LimitCheck> Limits)
{
    public double CostPerMonth => Cosmos.CostPerMonth + Functions.CostPerMonth + ApiManagement.CostPerMonth;

    /// <summary>The limit with the least headroom: the one this workload, grown evenly, reaches first.</summary>
    public LimitCheck FirstLimit => Limits.MaxBy(limit => limit.Utilization)!;
}
