namespace CitySense.Capacity;

/// <summary>Cosmos DB under the workload: request units, storage, what to provision and what it costs a month.</summary>
internal sealed record CosmosEstimate
{
    /// <summary>Average RU/s of the sensors container: latest patches and latest reads.</summary>
    public required double SensorsRuPerSecond { get; init; }

    /// <summary>Average RU/s of the readings container: reading creates (and future aggregate reads).</summary>
    public required double ReadingsRuPerSecond { get; init; }

    public required double PeakFactor { get; init; }

    public double TotalRuPerSecond => SensorsRuPerSecond + ReadingsRuPerSecond;

    public double PeakRuPerSecond => TotalRuPerSecond * PeakFactor;

    /// <summary>Peak RU/s on the busiest logical partition of the sensors container (one sensor, or one city for /city).</summary>
    public required double HottestSensorsLogicalRuPerSecond { get; init; }

    /// <summary>What the busiest logical partition of the sensors container is.</summary>
    public required string HottestSensorsLogicalPartition { get; init; }

    /// <summary>Peak RU/s of the largest city's sensors (one physical partition under /city and /city + /id).</summary>
    public required double LargestCityRuPerSecond { get; init; }

    /// <summary>Peak RU/s on one sensor-month of the readings container.</summary>
    public required double HottestReadingsLogicalRuPerSecond { get; init; }

    /// <summary>Storage one sensor-month reaches by the end of its month.</summary>
    public required double SensorMonthGb { get; init; }

    public required double ReadingsStoredGb { get; init; }

    public required double SensorsStoredGb { get; init; }

    public double StoredGb => ReadingsStoredGb + SensorsStoredGb;

    public double RuPerMonth => TotalRuPerSecond * Prices.SecondsPerMonth;

    /// <summary>The autoscale maximum to provision for the database: the peak, at least 1,000 and 10 per GB stored.</summary>
    public required double AutoscaleMaxToProvision { get; init; }

    /// <summary>Physical partitions that maximum implies (10,000 RU/s each), or that the storage needs (50 GB each).</summary>
    public int PhysicalPartitions => (int)Math.Max(
        Math.Ceiling(AutoscaleMaxToProvision / PlatformLimits.PartitionRuPerSecond),
        Math.Ceiling(StoredGb / PlatformLimits.PhysicalPartitionGb));

    public required double ServerlessCostPerMonth { get; init; }

    public required double AutoscaleCostPerMonth { get; init; }

    public required double StorageCostPerMonth { get; init; }

    public required double BackupCostPerMonth { get; init; }

    /// <summary>Serverless when the stage is serverless, else autoscale.</summary>
    public required bool Serverless { get; init; }

    public double CostPerMonth => (Serverless ? ServerlessCostPerMonth : AutoscaleCostPerMonth) + StorageCostPerMonth + BackupCostPerMonth;
}
