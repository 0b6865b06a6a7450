using CitySense.Capacity;

namespace CitySense.Capacity.Tests;

public sealed class CapacityModelTests
{
    /// <summary>docs/cost.md's reference workload: 1,000 sensors at one reading a minute, 100 latest reads a second.</summary>
    private static readonly Workload Reference = new()
    {
        SensorsPerCity = [1000],
        ReadingInterval = TimeSpan.FromMinutes(1),
        LatestReadsPerSecond = 100,
    };

    private static readonly Workload MegaCity = new()
    {
        SensorsPerCity = [100_000],
        ReadingInterval = TimeSpan.FromSeconds(10),
        LatestReadsPerSecond = 1000,
    };

    [Fact]
    public void Evaluate_ReferenceWorkloadOnProd_TheFiguresOfDocsCost()
    {
        var estimate = CapacityModel.Evaluate(Reference, Stages.Load("prod"));

        Assert.Equal(832, estimate.Cosmos.RuPerMonth / 1_000_000, 0);
        Assert.Equal(208, estimate.Cosmos.ServerlessCostPerMonth, 0);
        Assert.Equal(52, estimate.Cosmos.AutoscaleCostPerMonth, 0);
        Assert.Equal(276, estimate.Cosmos.StoredGb, 0);
        Assert.Equal(306.6, estimate.ApiManagement.RequestsPerMonth / 1_000_000, 1);
        Assert.Equal(249, estimate.Functions.CostPerMonth, 0);
    }

    [Fact]
    public void Evaluate_ReferenceWorkloadOnDev_OnDemandFunctionsAndServerlessAsDocsCost()
    {
        var estimate = CapacityModel.Evaluate(Reference, Stages.Load("dev"));

        Assert.True(estimate.Cosmos.Serverless);
        Assert.Equal(257, estimate.Functions.CostPerMonth, 0);
        Assert.Equal(208, estimate.Cosmos.CostPerMonth - estimate.Cosmos.StorageCostPerMonth - estimate.Cosmos.BackupCostPerMonth, 0);
    }

    [Fact]
    public void Evaluate_CityPartitioning_TheLargestCityIsTheHottestLogicalPartition()
    {
        var estimate = CapacityModel.Evaluate(MegaCity with { Partitioning = Partitioning.City }, Stages.Load("prod"));

        // 100,000 sensors × 0.1 readings/s × 8 RU + 1,000 reads × 1 RU, × 1.5 at peak.
        Assert.Equal("the largest city", estimate.Cosmos.HottestSensorsLogicalPartition);
        Assert.Equal(121_500, estimate.Cosmos.HottestSensorsLogicalRuPerSecond, 6);
        var city = Assert.Single(estimate.Limits, limit => limit.Name.Contains("logical partition of the largest city", StringComparison.Ordinal));
        Assert.True(city.Utilization > 12);
    }

    [Fact]
    public void Evaluate_CityThenId_OneSensorIsTheHottestLogicalPartitionButTheCityStaysOnOnePhysicalPartition()
    {
        var estimate = CapacityModel.Evaluate(MegaCity with { Partitioning = Partitioning.CityThenId }, Stages.Load("prod"));

        // One sensor: 0.1 readings/s × 8 RU + its share of the reads (1,000 / 100,000 × 1 RU), × 1.5.
        Assert.Equal("one sensor", estimate.Cosmos.HottestSensorsLogicalPartition);
        Assert.Equal(1.215, estimate.Cosmos.HottestSensorsLogicalRuPerSecond, 6);
        var physical = Assert.Single(estimate.Limits, limit => limit.Name.Contains("physical partition holding the largest city", StringComparison.Ordinal));
        Assert.Equal(121_500, physical.Demand, 6);
        Assert.Equal(LimitKind.Platform, physical.Kind);
    }

    [Fact]
    public void Evaluate_IdPartitioning_NoPerCityPartitionLimit()
    {
        var estimate = CapacityModel.Evaluate(MegaCity with { Partitioning = Partitioning.Id }, Stages.Load("prod"));

        Assert.DoesNotContain(estimate.Limits, limit => limit.Name.Contains("city's sensors", StringComparison.Ordinal) || limit.Name.Contains("largest city,", StringComparison.Ordinal));
        Assert.DoesNotContain(estimate.Limits, limit => limit.Name.Contains("physical partition", StringComparison.Ordinal));
        Assert.Equal("one sensor", estimate.Cosmos.HottestSensorsLogicalPartition);
    }

    [Fact]
    public void Evaluate_ReadingsContainer_HottestLogicalPartitionIsOneSensorMonth()
    {
        var estimate = CapacityModel.Evaluate(MegaCity, Stages.Load("prod"));

        // 0.1 readings/s × 5 RU × 1.5; a month of one reading every 10 s at 0.55 KB.
        Assert.Equal(0.75, estimate.Cosmos.HottestReadingsLogicalRuPerSecond, 6);
        Assert.Equal(262_800 * 0.55 / (1024 * 1024), estimate.Cosmos.SensorMonthGb, 6);
    }

    [Fact]
    public void Evaluate_ServerlessStage_ContainerCeilingIsChecked()
    {
        var estimate = CapacityModel.Evaluate(MegaCity, Stages.Load("dev"));

        var sensors = Assert.Single(estimate.Limits, limit => limit.Name == "Cosmos DB serverless: throughput of the sensors container");
        Assert.Equal(5_000, sensors.Ceiling);
        Assert.True(sensors.Utilization > 1);
        Assert.DoesNotContain(estimate.Limits, limit => limit.Name.Contains("autoscale maximum", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_AutoscaleMaximum_AtLeastThePeakAndTenRuPerGbStored()
    {
        var estimate = CapacityModel.Evaluate(MegaCity, Stages.Load("prod"));

        Assert.True(estimate.Cosmos.AutoscaleMaxToProvision >= estimate.Cosmos.PeakRuPerSecond);
        Assert.True(estimate.Cosmos.AutoscaleMaxToProvision >= estimate.Cosmos.StoredGb * 10);
        Assert.Equal(0, estimate.Cosmos.AutoscaleMaxToProvision % 1000);
    }

    [Fact]
    public void Evaluate_BatchedIngest_FewerRequestsAndOperatorCallsSameRequestUnits()
    {
        var single = CapacityModel.Evaluate(Reference, Stages.Load("prod"));
        var batched = CapacityModel.Evaluate(Reference with { ReadingsPerRequest = 100 }, Stages.Load("prod"));

        Assert.Equal(single.Cosmos.TotalRuPerSecond, batched.Cosmos.TotalRuPerSecond, 6);
        Assert.Equal(100 + (1000 / 60.0 / 100), batched.Functions.HttpPerSecond, 6);
        var perDay = Assert.Single(batched.Limits, limit => limit.Name == "API Management: one city's operator key, calls per day");
        Assert.Equal(14_400, perDay.Demand, 6);
    }

    [Fact]
    public void Evaluate_FutureFeatures_WebhooksAddExecutionsAggregatesAddRequestUnits()
    {
        var without = CapacityModel.Evaluate(Reference, Stages.Load("prod"));
        var with = CapacityModel.Evaluate(Reference with { WebhooksPerReading = 2, AggregateReadsPerSecond = 10 }, Stages.Load("prod"));

        Assert.Equal(2 * 1000 / 60.0, with.Functions.WebhooksPerSecond, 6);
        Assert.Equal(without.Cosmos.ReadingsRuPerSecond + (10 * OperationCosts.AggregateRead), with.Cosmos.ReadingsRuPerSecond, 6);
        Assert.True(with.Functions.CostPerMonth > without.Functions.CostPerMonth);
    }

    [Fact]
    public void FirstLimit_Limits_TheOneWithTheLeastHeadroom()
    {
        var estimate = CapacityModel.Evaluate(MegaCity with { Partitioning = Partitioning.City }, Stages.Load("prod"));

        Assert.Equal(estimate.Limits.Max(limit => limit.Utilization), estimate.FirstLimit.Utilization);
        Assert.All(estimate.Limits, limit => Assert.True(limit.Headroom >= estimate.FirstLimit.Headroom));
    }
}
