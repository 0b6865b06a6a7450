namespace CitySense.Capacity;

/// <summary>API Management under the workload: requests through the gateway, units and the monthly cost.</summary>
internal sealed record ApiManagementEstimate
{
    public required string Tier { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double PeakRequestsPerSecond { get; init; }

    /// <summary>Units the peak needs at the tier's assumed throughput per unit (at least the stage's units).</summary>
    public required int UnitsNeeded { get; init; }

    public double RequestsPerMonth => RequestsPerSecond * Prices.SecondsPerMonth;

    public required double CostPerMonth { get; init; }
}
