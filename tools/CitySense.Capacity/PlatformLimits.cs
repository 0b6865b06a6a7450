namespace CitySense.Capacity;

/// <summary>
/// Azure's ceilings that the model checks, with where they are documented (docs/capacity.md links each one).
/// API Management's per-unit throughput is Microsoft's rough planning estimate, not a limit: measure it.
/// </summary>
internal static class PlatformLimits
{
    /// <summary>Request units per second of one logical partition, and of one physical partition.</summary>
    public const double PartitionRuPerSecond = 10_000;

    /// <summary>Storage of one logical partition (the full key of a hierarchical key).</summary>
    public const double LogicalPartitionGb = 20;

    /// <summary>A physical partition splits when it holds this much.</summary>
    public const double PhysicalPartitionGb = 50;

    /// <summary>Provisioned RU/s of one container or shared-throughput database, raised on request.</summary>
    public const double ProvisionedRuPerSecond = 1_000_000;

    /// <summary>A serverless container below 250 GB (it grows by 1,000 RU/s per physical partition past five).</summary>
    public const double ServerlessContainerRuPerSecond = 5_000;

    /// <summary>Autoscale scales between a tenth of its maximum and the maximum; the maximum starts at 1,000.</summary>
    public const double AutoscaleMinimumMax = 1_000;

    /// <summary>An autoscale maximum must be at least this many RU/s per GB stored.</summary>
    public const double AutoscaleMaxPerGb = 10;

    /// <summary>Highest maximum instance count of one Flex Consumption app.</summary>
    public const int FlexMaximumInstances = 1_000;

    /// <summary>Default cores of all Flex Consumption apps of a subscription in one region (512,000 MB).</summary>
    public const double FlexRegionalCores = 250;

    /// <summary>Default HTTP concurrency per instance, by instance memory.</summary>
    public static int FlexHttpConcurrency(int memoryMB) => memoryMB switch
    {
        512 => 4,
        2048 => 16,
        4096 => 32,
        _ => throw new ArgumentException($"Flex Consumption has no {memoryMB} MB instance size.", nameof(memoryMB)),
    };

    /// <summary>Cores per instance, by instance memory (512 MB: 0.25, 2,048 MB: 1, 4,096 MB: 2).</summary>
    public static double FlexCores(int memoryMB) => memoryMB / 2048.0;

    /// <summary>Units one API Management instance can have: Developer 1, Basic v2 and Standard v2 10.</summary>
    public static int ApiManagementMaximumUnits(string sku) => sku switch
    {
        "Developer" => 1,
        "BasicV2" or "StandardV2" => 10,
        _ => throw new ArgumentException($"Unknown API Management tier '{sku}'.", nameof(sku)),
    };

    /// <summary>Assumed requests per second one unit carries (the classic tiers' published estimates; measure).</summary>
    public static double ApiManagementRequestsPerSecondPerUnit(string sku) => sku switch
    {
        "Developer" => 500,
        "BasicV2" => 1_000,
        "StandardV2" => 2_500,
        _ => throw new ArgumentException($"Unknown API Management tier '{sku}'.", nameof(sku)),
    };
}
