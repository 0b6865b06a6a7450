using System.Text.Json;

namespace CitySense.Capacity;

/// <summary>
/// What a stage provisions today, read from <c>bicep/stages/&lt;stage&gt;.settings.json</c> (the values Bicep deploys),
/// so the command compares a workload with the stage as it is.
/// </summary>
internal sealed record StageSettings
{
    public required string Name { get; init; }

    /// <summary>Developer, BasicV2 or StandardV2.</summary>
    public required string ApiManagementSku { get; init; }

    public required int ApiManagementUnits { get; init; }

    /// <summary>Calls one operator key may make per <see cref="OperatorRenewalPeriodSeconds"/> (one key per city writes).</summary>
    public required int OperatorCallsPerPeriod { get; init; }

    public required int OperatorRenewalPeriodSeconds { get; init; }

    public required int OperatorCallsPerDay { get; init; }

    public required bool CosmosServerless { get; init; }

    /// <summary>Autoscale maximum shared by the database's containers (ignored when serverless).</summary>
    public required int CosmosAutoscaleMaxThroughput { get; init; }

    /// <summary>Periodic, Continuous7Days or Continuous30Days.</summary>
    public required string CosmosBackup { get; init; }

    public required int ReadingsRetentionDays { get; init; }

    public required bool ZoneRedundant { get; init; }

    public required int FunctionInstanceMemoryMB { get; init; }

    public required int FunctionMaximumInstanceCount { get; init; }

    public required int FunctionAlwaysReadyInstances { get; init; }

    /// <exception cref="JsonException">The file is not a stage settings document.</exception>
    /// <exception cref="KeyNotFoundException">A setting the model needs is missing.</exception>
    public static StageSettings Parse(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var operatorProduct = root.GetProperty("operatorProduct");
        return new StageSettings
        {
            Name = name,
            ApiManagementSku = root.GetProperty("apiManagementSku").GetString()!,
            ApiManagementUnits = root.GetProperty("apiManagementCapacity").GetInt32(),
            OperatorCallsPerPeriod = operatorProduct.GetProperty("callsPerPeriod").GetInt32(),
            OperatorRenewalPeriodSeconds = operatorProduct.GetProperty("renewalPeriodSeconds").GetInt32(),
            OperatorCallsPerDay = operatorProduct.GetProperty("callsPerDay").GetInt32(),
            CosmosServerless = root.GetProperty("cosmosServerless").GetBoolean(),
            CosmosAutoscaleMaxThroughput = root.GetProperty("cosmosAutoscaleMaxThroughput").GetInt32(),
            CosmosBackup = root.GetProperty("cosmosBackup").GetString()!,
            ReadingsRetentionDays = root.GetProperty("readingsRetentionDays").GetInt32(),
            ZoneRedundant = root.GetProperty("zoneRedundant").GetBoolean(),
            FunctionInstanceMemoryMB = root.GetProperty("functionInstanceMemoryMB").GetInt32(),
            FunctionMaximumInstanceCount = root.GetProperty("functionMaximumInstanceCount").GetInt32(),
            FunctionAlwaysReadyInstances = root.GetProperty("functionAlwaysReadyInstances").GetInt32(),
        };
    }

    /// <summary>Reads <c>bicep/stages/&lt;stage&gt;.settings.json</c> under <paramref name="repositoryRoot"/>.</summary>
    public static StageSettings Load(string repositoryRoot, string stage) =>
        Parse(stage, File.ReadAllText(Path.Combine(repositoryRoot, "bicep", "stages", $"{stage}.settings.json")));
}
