using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>The function app and its Flex Consumption plan, as each stage deploys them.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class FunctionAppTemplateTests(BicepDeployment bicep)
{
    private const string Site = "Microsoft.Web/sites";

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Plan_AnyStage_IsFlexConsumptionFc1(string stage)
    {
        var plan = bicep.Snapshot(stage).Resource("Microsoft.Web/serverfarms");

        // Exact strings from the Flex Consumption documentation; Bicep does not check them.
        Assert.Equal("FC1", plan.Text("sku.name"));
        Assert.Equal("FlexConsumption", plan.Text("sku.tier"));
        Assert.Equal("functionapp", plan.Text("kind"));
        Assert.True(plan.Flag("properties.reserved"), "Flex Consumption runs on Linux (reserved: true).");
        Assert.Equal(StageExpectation.For(stage).ZoneRedundant, plan.Flag("properties.zoneRedundant"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Site_AnyStage_RunsDotnetIsolated10OnThePlan(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var site = snapshot.Resource(Site);

        Assert.Equal("functionapp,linux", site.Text("kind"));
        Assert.Equal("dotnet-isolated", site.Text("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", site.Text("properties.functionAppConfig.runtime.version"));
        Assert.Equal(snapshot.Id("Microsoft.Web/serverfarms"), site.Text("properties.serverFarmId"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Site_AnyStage_AcceptsOnlyHttpsWithTls12AndNoFtpOrBasicAuth(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var site = snapshot.Resource(Site);

        Assert.True(site.Flag("properties.httpsOnly"));
        Assert.Equal("1.2", site.Text("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", site.Text("properties.siteConfig.scmMinTlsVersion"));
        Assert.Equal("Disabled", site.Text("properties.siteConfig.ftpsState"));
        var policies = snapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], policies.Select(policy => policy.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, policy => Assert.False(policy.Flag("properties.allow")));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Site_AnyStage_UsesTheUserAssignedIdentityForItsDeploymentPackage(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var site = snapshot.Resource(Site);
        var identityId = snapshot.AppIdentityId;
        var storage = snapshot.Resource("Microsoft.Storage/storageAccounts");
        var container = snapshot.Resource("Microsoft.Storage/storageAccounts/blobServices/containers");
        var deployment = site.At("properties.functionAppConfig.deployment.storage");

        Assert.Equal("UserAssigned", site.Text("identity.type"));
        Assert.Equal([identityId], site.At("identity.userAssignedIdentities").EnumerateObject().Select(identity => identity.Name));
        Assert.Equal("blobContainer", deployment.Text("type"));
        Assert.Equal("UserAssignedIdentity", deployment.Text("authentication.type"));
        Assert.Equal(identityId, deployment.Text("authentication.userAssignedIdentityResourceId"));
        Assert.True(DeploymentSnapshot.ContainsReference(deployment.Text("value"), storage.Text("id"), "primaryEndpoints.blob"));
        Assert.EndsWith($"'{container.Text("name").Split('/')[^1]}')]", deployment.Text("value"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Site_Stage_ScalesAsItsSettingsSay(string stage)
    {
        var settings = StageExpectation.Settings(stage);
        var scale = bicep.Snapshot(stage).Resource(Site).At("properties.functionAppConfig.scaleAndConcurrency");
        var alwaysReady = settings.Number("functionAlwaysReadyInstances");

        Assert.Equal(settings.Number("functionMaximumInstanceCount"), scale.Number("maximumInstanceCount"));
        Assert.Equal(settings.Number("functionInstanceMemoryMB"), scale.Number("instanceMemoryMB"));
        Assert.Equal(alwaysReady == 0 ? 0 : 1, scale.At("alwaysReady").GetArrayLength());
        if (alwaysReady > 0)
        {
            Assert.Equal("http", scale.At("alwaysReady")[0].Text("name"));
            Assert.Equal(alwaysReady, scale.At("alwaysReady")[0].Number("instanceCount"));
        }
    }

    [Fact]
    public void Site_ZoneRedundantStages_AskForTheTwoAlwaysReadyInstancesTheyAreBilledFor()
    {
        var zoneRedundant = StageExpectation.All.Where(expectation => expectation.ZoneRedundant).ToList();

        // A zone-redundant Flex plan keeps two always-ready instances (one per zone) whatever is configured.
        Assert.NotEmpty(zoneRedundant);
        Assert.All(zoneRedundant, expectation =>
        {
            var alwaysReady = bicep.Snapshot(expectation.Stage).Resource(Site).At("properties.functionAppConfig.scaleAndConcurrency.alwaysReady");
            Assert.True(alwaysReady[0].Number("instanceCount") >= 2, $"{expectation.Stage} is zone redundant but asks for fewer than two always-ready instances.");
        });
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void AppSettings_AnyStage_ReachHostStorageByIdentityOnly(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var settings = AppSettings(snapshot);
        var identityId = snapshot.AppIdentityId;
        var storageName = snapshot.Resource("Microsoft.Storage/storageAccounts").Text("name");

        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage would be a connection string with the account key.");
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.True(DeploymentSnapshot.IsReference(settings["AzureWebJobsStorage__clientId"], identityId, "clientId"));
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Equal(
                $"[format('https://{{0}}.{service}.{{1}}', '{storageName}', environment().suffixes.storage)]",
                settings[$"AzureWebJobsStorage__{service}ServiceUri"]);
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void AppSettings_AnyStage_HoldNoSecretAndNothingFlexRejects(string stage)
    {
        var settings = AppSettings(bicep.Snapshot(stage));
        string[] secretMarkers = ["AccountKey=", "SharedAccessSignature", "sig=", "Password", "listKeys", "listSecrets", "newGuid"];
        string[] notOnFlex = ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE"];

        foreach (var (name, value) in settings)
        {
            Assert.DoesNotContain(secretMarkers, marker => value.Contains(marker, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(name, notOnFlex);
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void AppSettings_AnyStage_GiveTheAppItsCosmosIdentityAndTelemetrySettings(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var settings = AppSettings(snapshot);
        var identityId = snapshot.AppIdentityId;
        var clientId = settings["AZURE_CLIENT_ID"];

        Assert.True(DeploymentSnapshot.IsReference(clientId, identityId, "clientId"));
        Assert.True(DeploymentSnapshot.IsReference(settings["Cosmos__Endpoint"], snapshot.Id("Microsoft.DocumentDB/databaseAccounts"), "documentEndpoint"));
        Assert.Equal(RepoPaths.ReadJson("src", "CitySense.Cosmos", "containers.json").Text("database"), settings["Cosmos__Database"]);
        Assert.Equal(StageExpectation.For(stage).ReadingsRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["Readings__RetentionDays"]);
        Assert.Equal(StageExpectation.For(stage).AuditRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture), settings["Audit__RetentionDays"]);
        Assert.True(DeploymentSnapshot.IsReference(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], snapshot.Id("Microsoft.Insights/components"), "ConnectionString"));

        // Application Insights refuses key-only ingestion (local auth off): the identity signs telemetry.
        Assert.Equal($"[format('Authorization=AAD;ClientId={{0}}', {clientId[1..^1]})]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);

        // The app validates the ratio at start (0 to 1): a value it would refuse must not reach a stage.
        var ratio = settings["Telemetry__SuccessSamplingRatio"];
        Assert.Equal(StageExpectation.Settings(stage).Text("telemetrySuccessSamplingRatio"), ratio);
        Assert.InRange(double.Parse(ratio, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), 0, 1);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void AppSettings_AnyStage_KeepTheHostKeysInKeyVault(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var settings = AppSettings(snapshot);

        Assert.Equal("keyvault", settings["AzureWebJobsSecretStorageType"]);
        Assert.True(DeploymentSnapshot.IsReference(settings["AzureWebJobsSecretStorageKeyVaultUri"], snapshot.Id("Microsoft.KeyVault/vaults"), "vaultUri"));
        Assert.True(DeploymentSnapshot.IsReference(settings["AzureWebJobsSecretStorageKeyVaultClientId"], snapshot.AppIdentityId, "clientId"));

        // Nothing restarts the app when a key changes: the host reloads keys it does not know by itself.
        Assert.DoesNotContain(settings.Values, value => value.Contains("secretUriWithVersion", StringComparison.Ordinal));
    }

    /// <summary>
    /// Webhook targets on loopback, over http, are for local runs only (the DevHost's appsettings.json): in Azure a
    /// subscription could otherwise make the app call itself or its own host. Never set, so the app's default (off) holds.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void AppSettings_AnyStage_NeverAllowInsecureLoopbackWebhooks(string stage)
    {
        var settings = AppSettings(bicep.Snapshot(stage));

        Assert.DoesNotContain(settings.Keys, name => name.Contains("AllowInsecureLoopback", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("AllowInsecureLoopback", File.ReadAllText(RepoPaths.Combine("src", "CitySense.Functions", "local.settings.example.json")), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> AppSettings(DeploymentSnapshot snapshot) =>
        snapshot.Resource("Microsoft.Web/sites/config", "appsettings").At("properties").EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString()! : setting.Value.GetRawText());
}
