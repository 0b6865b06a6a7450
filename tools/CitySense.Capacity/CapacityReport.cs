using System.Globalization;
using System.Text;

namespace CitySense.Capacity;

/// <summary>The capacity command's output: Markdown tables that docs/capacity.md pastes as they are.</summary>
internal static class CapacityReport
{
    public static string Render(CapacityEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        var workload = estimate.Workload;
        var stage = estimate.Stage;
        var cosmos = estimate.Cosmos;
        var functions = estimate.Functions;
        var gateway = estimate.ApiManagement;
        var text = new StringBuilder();
        var peak = workload.PeakFactor;

        Line(text, $"Workload: {workload.Cities:N0} cities, {workload.Sensors:N0} sensors (largest city {workload.LargestCity:N0}), one reading per sensor every {Interval(workload.ReadingInterval)}, {Number(workload.LatestReadsPerSecond)} latest reads/s, {workload.ReadingsPerRequest} reading(s) per ingest request, peak = {Number(peak)} × average.");
        Line(text, $"Sensors partitioned by {PartitionKey(workload.Partitioning)}; readings by sensor and month. Compared with stage {stage.Name} (bicep/stages/{stage.Name}.settings.json).");
        if (workload.WebhooksPerReading > 0 || workload.AggregateReadsPerSecond > 0)
        {
            Line(text, $"Future features modelled: {Number(workload.WebhooksPerReading)} webhook deliveries per reading, {Number(workload.AggregateReadsPerSecond)} aggregate reads/s.");
        }

        text.Append('\n');
        Line(text, "| rate | per second (average) | per second (peak) | per month |");
        Line(text, "| --- | ---: | ---: | ---: |");
        Rate(text, "readings ingested", workload.ReadingsPerSecond, peak);
        Rate(text, "API requests = Functions HTTP executions", functions.HttpPerSecond, peak);
        if (functions.WebhooksPerSecond > 0)
        {
            Rate(text, "webhook deliveries", functions.WebhooksPerSecond, peak);
        }

        Rate(text, "request units (RU)", cosmos.TotalRuPerSecond, peak);
        text.Append('\n');

        Line(text, "| Cosmos DB container | RU/s average | RU/s peak | hottest logical partition | its RU/s at peak |");
        Line(text, "| --- | ---: | ---: | --- | ---: |");
        Line(text, $"| sensors (latest: patch {Number(OperationCosts.LatestPatch)} RU per reading, read {Number(OperationCosts.LatestRead)} RU) | {Number(cosmos.SensorsRuPerSecond)} | {Number(cosmos.SensorsRuPerSecond * peak)} | {cosmos.HottestSensorsLogicalPartition} | {Number(cosmos.HottestSensorsLogicalRuPerSecond)} |");
        Line(text, $"| readings (create {Number(OperationCosts.ReadingCreate)} RU per reading) | {Number(cosmos.ReadingsRuPerSecond)} | {Number(cosmos.ReadingsRuPerSecond * peak)} | one sensor-month | {Number(cosmos.HottestReadingsLogicalRuPerSecond)} |");
        if (workload.Partitioning != Partitioning.Id)
        {
            Line(text, $"| sensors of the largest city ({(workload.Partitioning == Partitioning.City ? "one logical partition" : "one physical partition until 50 GB")}) | | {Number(cosmos.LargestCityRuPerSecond)} | | |");
        }

        text.Append('\n');
        Line(text, "| to provision | this workload | stage today |");
        Line(text, "| --- | ---: | ---: |");
        Line(text, $"| Cosmos DB autoscale maximum (database) | {cosmos.AutoscaleMaxToProvision:N0} RU/s ({cosmos.PhysicalPartitions:N0} physical partitions) | {(stage.CosmosServerless ? "serverless" : $"{stage.CosmosAutoscaleMaxThroughput:N0} RU/s")} |");
        Line(text, $"| Cosmos DB storage ({stage.ReadingsRetentionDays} days of readings) | {Number(cosmos.StoredGb)} GB | |");
        Line(text, $"| Functions instances at peak ({stage.FunctionInstanceMemoryMB:N0} MB, HTTP concurrency {functions.HttpConcurrencyPerInstance}) | {functions.InstancesAtPeak:N0} ({Number(functions.CoresAtPeak)} cores) | maximum {stage.FunctionMaximumInstanceCount:N0}, always ready {stage.FunctionAlwaysReadyInstances} |");
        var maximumUnits = PlatformLimits.ApiManagementMaximumUnits(gateway.Tier);
        var units = gateway.UnitsNeeded > maximumUnits ? $"{gateway.UnitsNeeded} (more than the tier's {maximumUnits})" : $"{gateway.UnitsNeeded}";
        Line(text, $"| API Management {gateway.Tier} units | {units} | {stage.ApiManagementUnits} |");
        text.Append('\n');

        Line(text, "| monthly cost (list prices of docs/cost.md) | USD |");
        Line(text, "| --- | ---: |");
        var throughput = cosmos.Serverless ? cosmos.ServerlessCostPerMonth : cosmos.AutoscaleCostPerMonth;
        var alternative = cosmos.Serverless
            ? $"autoscale would be {Money(cosmos.AutoscaleCostPerMonth)}"
            : $"serverless would be {Money(cosmos.ServerlessCostPerMonth)}";
        Line(text, $"| Cosmos DB throughput, {(cosmos.Serverless ? "serverless" : "autoscale")} ({alternative}) | {Money(throughput)} |");
        Line(text, $"| Cosmos DB storage and backup | {Money(cosmos.StorageCostPerMonth + cosmos.BackupCostPerMonth)} |");
        Line(text, $"| Functions: executions, memory time, always-ready baseline | {Money(functions.CostPerMonth)} |");
        Line(text, $"| API Management: {gateway.UnitsNeeded} × {gateway.Tier}, {Number(gateway.RequestsPerMonth / 1_000_000)} M requests | {Money(gateway.CostPerMonth)} |");
        Line(text, $"| **total** | **{Money(estimate.CostPerMonth)}** |");
        text.Append('\n');

        Line(text, "| limit, nearest first | demand at peak | ceiling | used | moved by |");
        Line(text, "| --- | ---: | ---: | ---: | --- |");
        foreach (var limit in estimate.Limits.OrderByDescending(limit => limit.Utilization))
        {
            Line(text, $"| {limit.Name} | {Number(limit.Demand)} {limit.Unit} | {Number(limit.Ceiling)} {limit.Unit} | {Percent(limit.Utilization)} | {Kind(limit.Kind)}: {limit.HowItMoves} |");
        }

        var first = estimate.FirstLimit;
        text.Append('\n');
        Line(text, first.Utilization >= 1
            ? $"First limit hit: **{first.Name}** — already exceeded ({Percent(first.Utilization)})."
            : $"First limit hit: **{first.Name}**, at {Number(first.Headroom)} × this workload.");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static void Rate(StringBuilder text, string name, double perSecond, double peak) =>
        Line(text, $"| {name} | {Number(perSecond)} | {Number(perSecond * peak)} | {Number(perSecond * Prices.SecondsPerMonth / 1_000_000)} M |");

    private static string PartitionKey(Partitioning partitioning) => partitioning switch
    {
        Partitioning.City => "/city",
        Partitioning.CityThenId => "/city + /id (hierarchical)",
        _ => "/id",
    };

    private static string Kind(LimitKind kind) => kind switch
    {
        LimitKind.Platform => "platform",
        LimitKind.StageSetting => "stage setting",
        _ => "quota",
    };

    private static string Interval(TimeSpan interval) =>
        interval.TotalSeconds % 60 == 0 && interval.TotalSeconds >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{interval.TotalMinutes:0.##} min")
            : string.Create(CultureInfo.InvariantCulture, $"{interval.TotalSeconds:0.##} s");

    /// <summary>Three significant figures at most, thousands separated.</summary>
    internal static string Number(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "∞";
        }

        var magnitude = Math.Abs(value);
        if (magnitude < 1_000_000_000 && value == Math.Round(value))
        {
            return value.ToString("N0", CultureInfo.InvariantCulture);
        }

        var format = magnitude >= 100 ? "N0" : magnitude >= 10 ? "N1" : magnitude >= 1 ? "N2" : magnitude == 0 ? "N0" : "0.###";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    private static string Money(double value) => "$" + value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double share) =>
        double.IsPositiveInfinity(share) ? "∞"
            : share < 0.0001 ? "< 0.01 %"
            : (share * 100).ToString(share >= 0.1 ? "N0" : "0.##", CultureInfo.InvariantCulture) + " %";
}
