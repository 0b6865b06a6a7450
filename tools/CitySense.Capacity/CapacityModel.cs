namespace CitySense.Capacity;

/// <summary>
/// The capacity model of docs/capacity.md: from a workload and a stage's settings to request units per container and
/// per hottest partition, instances, gateway units, monthly cost, and every limit with its headroom. Rates are averages;
/// limits are checked at the hourly peak (average × <see cref="Workload.PeakFactor"/>).
/// </summary>
internal static class CapacityModel
{
    /// <summary>Execution time of one HTTP request in Azure (one or two Cosmos round trips, as docs/cost.md assumes).</summary>
    public static readonly TimeSpan HttpExecutionTime = TimeSpan.FromMilliseconds(10);

    /// <summary>Future webhook delivery: an outbound HTTP call, assumed to take this long.</summary>
    public static readonly TimeSpan WebhookExecutionTime = TimeSpan.FromMilliseconds(250);

    /// <summary>Future webhook deliveries an instance runs at once (assumed, like a queue trigger's default batch).</summary>
    public const int WebhookConcurrencyPerInstance = 16;

    /// <summary>Binary gigabytes, as docs/cost.md counts storage.</summary>
    private const double KbPerGb = 1024 * 1024;

    private const double SecondsPerDay = 86_400;

    private const double DaysPerMonth = Prices.HoursPerMonth / 24;

    public static CapacityEstimate Evaluate(Workload workload, StageSettings stage)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(stage);
        var cosmos = Cosmos(workload, stage);
        var functions = Functions(workload, stage);
        var gateway = ApiManagement(workload, stage, functions.HttpPerSecond);
        return new CapacityEstimate(workload, stage, cosmos, functions, gateway, Limits(workload, stage, cosmos, functions, gateway));
    }

    private static double IngestRequestsPerSecond(Workload workload) => workload.ReadingsPerSecond / workload.ReadingsPerRequest;

    private static CosmosEstimate Cosmos(Workload workload, StageSettings stage)
    {
        var readings = workload.ReadingsPerSecond;
        var sensorsRu = (readings * OperationCosts.LatestPatch) + (workload.LatestReadsPerSecond * OperationCosts.LatestRead);
        var readingsRu = (readings * OperationCosts.ReadingCreate) + (workload.AggregateReadsPerSecond * OperationCosts.AggregateRead);

        // Reads spread evenly over the sensors, so a partition's share of them is its share of the sensors.
        double PartitionRu(double sensorsInPartition) =>
            sensorsInPartition * ((OperationCosts.LatestPatch / workload.ReadingInterval.TotalSeconds)
                + (workload.LatestReadsPerSecond / workload.Sensors * OperationCosts.LatestRead)) * workload.PeakFactor;

        var perSensorReadingsPerSecond = 1 / workload.ReadingInterval.TotalSeconds;
        var readingsGb = readings * stage.ReadingsRetentionDays * SecondsPerDay * OperationCosts.ReadingStoredKb / KbPerGb;
        var sensorsGb = workload.Sensors * OperationCosts.SensorStoredKb / KbPerGb;
        var peak = (sensorsRu + readingsRu) * workload.PeakFactor;
        var autoscaleMax = Math.Max(
            PlatformLimits.AutoscaleMinimumMax,
            Math.Max(RoundUp(peak, 1000), RoundUp((readingsGb + sensorsGb) * PlatformLimits.AutoscaleMaxPerGb, 1000)));

        // Autoscale bills the highest RU/s of each hour, at least a tenth of the maximum.
        var billedRuPerSecond = Math.Max(peak, autoscaleMax / 10);
        var zones = stage.ZoneRedundant ? Prices.ZoneRedundancyFactor : 1;
        var backupPerGb = stage.CosmosBackup == "Continuous30Days" ? Prices.ContinuousBackup30DaysPerGbMonth : 0;
        return new CosmosEstimate
        {
            SensorsRuPerSecond = sensorsRu,
            ReadingsRuPerSecond = readingsRu,
            PeakFactor = workload.PeakFactor,
            HottestSensorsLogicalRuPerSecond = workload.Partitioning == Partitioning.City ? PartitionRu(workload.LargestCity) : PartitionRu(1),
            HottestSensorsLogicalPartition = workload.Partitioning == Partitioning.City ? "the largest city" : "one sensor",
            LargestCityRuPerSecond = PartitionRu(workload.LargestCity),
            HottestReadingsLogicalRuPerSecond = perSensorReadingsPerSecond * OperationCosts.ReadingCreate * workload.PeakFactor,
            SensorMonthGb = perSensorReadingsPerSecond * DaysPerMonth * SecondsPerDay * OperationCosts.ReadingStoredKb / KbPerGb,
            ReadingsStoredGb = readingsGb,
            SensorsStoredGb = sensorsGb,
            AutoscaleMaxToProvision = autoscaleMax,
            ServerlessCostPerMonth = (sensorsRu + readingsRu) * Prices.SecondsPerMonth / 1_000_000 * Prices.ServerlessPerMillionRu,
            AutoscaleCostPerMonth = billedRuPerSecond / 100 * Prices.AutoscalePer100RuHour * Prices.HoursPerMonth * zones,
            StorageCostPerMonth = (readingsGb + sensorsGb) * Prices.StoragePerGbMonth,
            BackupCostPerMonth = (readingsGb + sensorsGb) * backupPerGb,
            Serverless = stage.CosmosServerless,
        };
    }

    private static FunctionsEstimate Functions(Workload workload, StageSettings stage)
    {
        var http = IngestRequestsPerSecond(workload) + workload.LatestReadsPerSecond + workload.AggregateReadsPerSecond;
        var webhooks = workload.ReadingsPerSecond * workload.WebhooksPerReading;
        var concurrency = PlatformLimits.FlexHttpConcurrency(stage.FunctionInstanceMemoryMB);
        var alwaysReady = stage.FunctionAlwaysReadyInstances;
        var httpAtPeak = Math.Max(alwaysReady, Instances(http * workload.PeakFactor, HttpExecutionTime, concurrency));
        var webhooksAtPeak = Instances(webhooks * workload.PeakFactor, WebhookExecutionTime, WebhookConcurrencyPerInstance);
        var memoryGb = stage.FunctionInstanceMemoryMB / 1024.0;

        // An instance is billed while it executes, in periods of at least one second: with executions arriving at random
        // at λ per second, the share of seconds with at least one is 1 − e^(−λ). Average load, instances by Little's law.
        var httpInstances = Math.Max(1, Instances(http, HttpExecutionTime, concurrency));
        var busy = http > 0 ? 1 - Math.Exp(-http / httpInstances) : 0;
        var alwaysReadyBusy = Math.Min(alwaysReady, httpInstances) * busy * memoryGb * Prices.SecondsPerMonth;
        var onDemandBusy = Math.Max(0, httpInstances - alwaysReady) * busy * memoryGb * Prices.SecondsPerMonth;
        var webhookInstances = Instances(webhooks, WebhookExecutionTime, WebhookConcurrencyPerInstance);
        onDemandBusy += webhookInstances * (webhooks > 0 ? 1 - Math.Exp(-webhooks / webhookInstances) : 0) * memoryGb * Prices.SecondsPerMonth;
        var executions = (http + webhooks) * Prices.SecondsPerMonth;

        // docs/cost.md: the free grants apply to on-demand only.
        var freeExecutions = alwaysReady == 0 ? Prices.FlexFreeExecutions : 0;
        return new FunctionsEstimate
        {
            HttpPerSecond = http,
            WebhooksPerSecond = webhooks,
            HttpConcurrencyPerInstance = concurrency,
            HttpInstancesAtPeak = httpAtPeak,
            WebhookInstancesAtPeak = webhooksAtPeak,
            CoresAtPeak = (httpAtPeak + webhooksAtPeak) * PlatformLimits.FlexCores(stage.FunctionInstanceMemoryMB),
            ExecutionCostPerMonth = Math.Max(0, executions - freeExecutions) / 1_000_000 * Prices.FlexExecutionsPerMillion,
            MemoryTimeCostPerMonth = (Math.Max(0, onDemandBusy - Prices.FlexOnDemandFreeGbSeconds) * Prices.FlexOnDemandPerGbSecond)
                + (alwaysReadyBusy * Prices.FlexAlwaysReadyExecutionPerGbSecond),
            AlwaysReadyBaselineCostPerMonth = alwaysReady * memoryGb * Prices.SecondsPerMonth * Prices.FlexAlwaysReadyBaselinePerGbSecond,
        };
    }

    private static ApiManagementEstimate ApiManagement(Workload workload, StageSettings stage, double requestsPerSecond)
    {
        var tier = stage.ApiManagementSku;
        var peak = requestsPerSecond * workload.PeakFactor;
        var units = Math.Max(stage.ApiManagementUnits, (int)Math.Ceiling(peak / PlatformLimits.ApiManagementRequestsPerSecondPerUnit(tier)));
        var included = Prices.ApiManagementIncludedRequests(tier) * units;
        var overage = Math.Max(0, (requestsPerSecond * Prices.SecondsPerMonth) - included);
        return new ApiManagementEstimate
        {
            Tier = tier,
            RequestsPerSecond = requestsPerSecond,
            PeakRequestsPerSecond = peak,
            UnitsNeeded = units,
            CostPerMonth = (units * Prices.ApiManagementUnitPerMonth(tier))
                + (double.IsFinite(overage) ? overage / 1_000_000 * Prices.ApiManagementOveragePerMillion : 0),
        };
    }

    private static List<LimitCheck> Limits(
        Workload workload, StageSettings stage, CosmosEstimate cosmos, FunctionsEstimate functions, ApiManagementEstimate gateway)
    {
        var partition = PlatformLimits.PartitionRuPerSecond;
        var limits = new List<LimitCheck>
        {
            new($"Cosmos DB: logical partition of {cosmos.HottestSensorsLogicalPartition}, sensors container", cosmos.HottestSensorsLogicalRuPerSecond, partition, "RU/s", LimitKind.Platform,
                workload.Partitioning == Partitioning.City ? "none: partition sensors by id (/city + /id or /id)" : "none: one sensor's own writes and reads"),
            new("Cosmos DB: logical partition of one sensor-month, readings container", cosmos.HottestReadingsLogicalRuPerSecond, partition, "RU/s", LimitKind.Platform,
                "none: one sensor's own readings"),
            new("Cosmos DB: storage of one sensor-month", cosmos.SensorMonthGb, PlatformLimits.LogicalPartitionGb, "GB", LimitKind.Platform,
                "none: shorter partitions (per day) for sensors faster than about 1 reading/s"),
        };

        if (workload.Partitioning == Partitioning.City)
        {
            limits.Add(new("Cosmos DB: storage of the largest city's sensors (one logical partition)", workload.LargestCity * OperationCosts.SensorStoredKb / KbPerGb,
                PlatformLimits.LogicalPartitionGb, "GB", LimitKind.Platform, "none: partition sensors by id"));
        }

        if (workload.Partitioning == Partitioning.CityThenId)
        {
            limits.Add(new("Cosmos DB: physical partition holding the largest city's sensors (/city prefix kept together below 50 GB)", cosmos.LargestCityRuPerSecond, partition, "RU/s",
                LimitKind.Platform, "none while the city's sensors hold < 50 GB; /id spreads them over all partitions"));
        }

        if (stage.CosmosServerless)
        {
            limits.Add(new("Cosmos DB serverless: throughput of the sensors container", cosmos.SensorsRuPerSecond * cosmos.PeakFactor, PlatformLimits.ServerlessContainerRuPerSecond, "RU/s",
                LimitKind.StageSetting, "cosmosServerless: false (provisioned autoscale)"));
            limits.Add(new("Cosmos DB serverless: throughput of the readings container", cosmos.ReadingsRuPerSecond * cosmos.PeakFactor, PlatformLimits.ServerlessContainerRuPerSecond, "RU/s",
                LimitKind.StageSetting, "cosmosServerless: false (provisioned autoscale)"));
        }
        else
        {
            limits.Add(new("Cosmos DB: autoscale maximum of the database (stage setting)", cosmos.PeakRuPerSecond, stage.CosmosAutoscaleMaxThroughput, "RU/s", LimitKind.StageSetting,
                "cosmosAutoscaleMaxThroughput: billed per 100 RU/s-hour actually reached"));
            limits.Add(new("Cosmos DB: provisioned throughput of one database (the autoscale maximum to set)", cosmos.AutoscaleMaxToProvision, PlatformLimits.ProvisionedRuPerSecond, "RU/s",
                LimitKind.Quota, "support request"));
        }

        limits.Add(new("Functions: instances at peak (stage maximum)", functions.InstancesAtPeak, stage.FunctionMaximumInstanceCount, "instances", LimitKind.StageSetting,
            $"functionMaximumInstanceCount, up to {PlatformLimits.FlexMaximumInstances}; billed per execution"));
        limits.Add(new("Functions: regional Flex Consumption quota of the subscription", functions.CoresAtPeak, PlatformLimits.FlexRegionalCores, "cores", LimitKind.Quota,
            "support request (e.g. to 1,000 cores)"));
        var perUnit = PlatformLimits.ApiManagementRequestsPerSecondPerUnit(gateway.Tier);
        limits.Add(new($"API Management {gateway.Tier}: throughput of the stage's units (assumed {perUnit:N0} req/s per unit)", gateway.PeakRequestsPerSecond,
            stage.ApiManagementUnits * perUnit, "req/s", LimitKind.StageSetting, $"apiManagementCapacity, up to {PlatformLimits.ApiManagementMaximumUnits(gateway.Tier)} units"));
        limits.Add(new($"API Management {gateway.Tier}: throughput at its most units", gateway.PeakRequestsPerSecond,
            PlatformLimits.ApiManagementMaximumUnits(gateway.Tier) * perUnit, "req/s", LimitKind.Platform, "a higher tier (Premium v2: up to 30 units)"));

        // One operator key per city writes that city's readings.
        var cityIngestPerSecond = workload.LargestCity / workload.ReadingInterval.TotalSeconds / workload.ReadingsPerRequest;
        limits.Add(new("API Management: one city's operator key, calls per period", cityIngestPerSecond * workload.PeakFactor * stage.OperatorRenewalPeriodSeconds,
            stage.OperatorCallsPerPeriod, "calls", LimitKind.StageSetting, "operatorProduct.callsPerPeriod, or the batch API (up to 500 readings a call)"));
        limits.Add(new("API Management: one city's operator key, calls per day", cityIngestPerSecond * SecondsPerDay,
            stage.OperatorCallsPerDay, "calls", LimitKind.StageSetting, "operatorProduct.callsPerDay, or the batch API"));
        return limits;
    }

    private static int Instances(double perSecond, TimeSpan executionTime, int concurrency) =>
        (int)Math.Ceiling(perSecond * executionTime.TotalSeconds / concurrency);

    private static double RoundUp(double value, double step) => Math.Ceiling(value / step) * step;
}
