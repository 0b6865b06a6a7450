namespace CitySense.Capacity;

/// <summary>
/// The list prices of docs/cost.md (US East, pay-as-you-go, USD): one set, so that document and this command agree.
/// Where docs/cost.md gives a range the upper end is used.
/// </summary>
internal static class Prices
{
    public const double HoursPerMonth = 730;

    public const double SecondsPerMonth = HoursPerMonth * 3600;

    public const double ServerlessPerMillionRu = 0.25;

    public const double AutoscalePer100RuHour = 0.012;

    /// <summary>Multiplier on provisioned throughput of a zone-redundant single-region account.</summary>
    public const double ZoneRedundancyFactor = 1.25;

    public const double StoragePerGbMonth = 0.25;

    public const double ContinuousBackup30DaysPerGbMonth = 0.20;

    public const double FlexOnDemandPerGbSecond = 0.000026;

    public const double FlexOnDemandFreeGbSeconds = 100_000;

    public const double FlexExecutionsPerMillion = 0.40;

    public const double FlexFreeExecutions = 250_000;

    public const double FlexAlwaysReadyBaselinePerGbSecond = 0.000004;

    public const double FlexAlwaysReadyExecutionPerGbSecond = 0.000016;

    /// <summary>Per unit and month: Developer ≈ $48, Basic v2 ≈ $150–210, Standard v2 ≈ $700–734.</summary>
    public static double ApiManagementUnitPerMonth(string sku) => sku switch
    {
        "Developer" => 48,
        "BasicV2" => 210,
        "StandardV2" => 734,
        _ => throw new ArgumentException($"Unknown API Management tier '{sku}'.", nameof(sku)),
    };

    /// <summary>Requests a month included per unit (the Developer tier bills none per request).</summary>
    public static double ApiManagementIncludedRequests(string sku) => sku switch
    {
        "Developer" => double.PositiveInfinity,
        "BasicV2" => 10_000_000,
        "StandardV2" => 50_000_000,
        _ => throw new ArgumentException($"Unknown API Management tier '{sku}'.", nameof(sku)),
    };

    /// <summary>Requests beyond the included ones, per million: unverified (docs/cost.md remembers $2.50–3.00).</summary>
    public const double ApiManagementOveragePerMillion = 3.00;
}
