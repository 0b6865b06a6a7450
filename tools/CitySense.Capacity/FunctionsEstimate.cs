namespace CitySense.Capacity;

/// <summary>The Flex Consumption app under the workload: executions, instances and their monthly cost.</summary>
internal sealed record FunctionsEstimate
{
    /// <summary>HTTP executions per second on average (ingest requests, latest reads, aggregate reads).</summary>
    public required double HttpPerSecond { get; init; }

    /// <summary>Future webhook deliveries per second on average (their own scale group).</summary>
    public required double WebhooksPerSecond { get; init; }

    public required int HttpConcurrencyPerInstance { get; init; }

    /// <summary>Instances the HTTP group needs at the hourly peak (Little's law: rate × time ÷ concurrency), always-ready included.</summary>
    public required int HttpInstancesAtPeak { get; init; }

    public required int WebhookInstancesAtPeak { get; init; }

    public int InstancesAtPeak => HttpInstancesAtPeak + WebhookInstancesAtPeak;

    public required double CoresAtPeak { get; init; }

    public double ExecutionsPerMonth => (HttpPerSecond + WebhooksPerSecond) * Prices.SecondsPerMonth;

    public required double ExecutionCostPerMonth { get; init; }

    public required double MemoryTimeCostPerMonth { get; init; }

    public required double AlwaysReadyBaselineCostPerMonth { get; init; }

    public double CostPerMonth => ExecutionCostPerMonth + MemoryTimeCostPerMonth + AlwaysReadyBaselineCostPerMonth;
}
