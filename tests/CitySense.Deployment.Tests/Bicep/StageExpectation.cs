using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// What each stage must be, independent of how the settings files spell it: the stage policy
/// that a change to bicep/stages/*.settings.json may not quietly break.
/// </summary>
public sealed record StageExpectation(
    string Stage,
    string ApiManagementSku,
    bool CosmosServerless,
    string CosmosBackupType,
    string? CosmosContinuousTier,
    int ReadingsRetentionDays,
    int AuditRetentionDays,
    bool ZoneRedundant,
    bool KeyVaultPurgeProtection,
    bool DeployerGetsCosmosDataAccess,
    string StorageSku)
{
    public static readonly IReadOnlyList<StageExpectation> All =
    [
        new("dev", "Developer", CosmosServerless: true, "Periodic", CosmosContinuousTier: null, 30, 30, ZoneRedundant: false, KeyVaultPurgeProtection: false, DeployerGetsCosmosDataAccess: true, "Standard_LRS"),
        new("staging", "BasicV2", CosmosServerless: false, "Continuous", "Continuous7Days", 90, 90, ZoneRedundant: false, KeyVaultPurgeProtection: false, DeployerGetsCosmosDataAccess: false, "Standard_LRS"),
        new("prod", "StandardV2", CosmosServerless: false, "Continuous", "Continuous30Days", 365, 400, ZoneRedundant: true, KeyVaultPurgeProtection: true, DeployerGetsCosmosDataAccess: false, "Standard_ZRS"),
    ];

    public static TheoryData<string> Stages => [.. All.Select(expectation => expectation.Stage)];

    public static StageExpectation For(string stage) => All.Single(expectation => expectation.Stage == stage);

    /// <summary>The checked-in values of a stage (bicep/stages/&lt;stage&gt;.settings.json).</summary>
    public static JsonElement Settings(string stage) => RepoPaths.ReadJson("bicep", "stages", stage + ".settings.json");
}
