using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>Cosmos DB and the function app's storage account, as each stage deploys them.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class DataTemplateTests(BicepDeployment bicep)
{
    private const string Account = "Microsoft.DocumentDB/databaseAccounts";
    private const string Database = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases";
    private const string Container = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";
    private const string SqlRoleAssignment = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";
    private const string Storage = "Microsoft.Storage/storageAccounts";

    /// <summary>Cosmos DB Built-in Data Contributor.</summary>
    private const string DataContributorRole = "00000000-0000-0000-0000-000000000002";

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CosmosAccount_AnyStage_DisablesKeysAndOldTls(string stage)
    {
        var account = bicep.Snapshot(stage).Resource(Account);

        Assert.Equal("GlobalDocumentDB", account.Text("kind"));
        Assert.True(account.Flag("properties.disableLocalAuth"), "Keys must not open the account.");
        Assert.True(account.Flag("properties.disableKeyBasedMetadataWriteAccess"));
        Assert.Equal("Tls12", account.Text("properties.minimalTlsVersion"));
        Assert.Equal("Session", account.Text("properties.consistencyPolicy.defaultConsistencyLevel"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CosmosAccount_Stage_UsesTheCapacityModeOfItsStage(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var capabilities = snapshot.Resource(Account).At("properties.capabilities").EnumerateArray().Select(capability => capability.Text("name")).ToList();
        var databaseOptions = snapshot.Resource(Database).At("properties.options");

        if (StageExpectation.For(stage).CosmosServerless)
        {
            Assert.Equal(["EnableServerless"], capabilities);
            Assert.False(databaseOptions.Has("autoscaleSettings"), "Serverless accounts take no throughput setting.");
            Assert.False(databaseOptions.Has("throughput"));
        }
        else
        {
            Assert.Empty(capabilities);
            Assert.Equal(StageExpectation.Settings(stage).Number("cosmosAutoscaleMaxThroughput"), databaseOptions.Number("autoscaleSettings.maxThroughput"));
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CosmosAccount_Stage_UsesTheBackupPolicyOfItsStage(string stage)
    {
        var expected = StageExpectation.For(stage);
        var account = bicep.Snapshot(stage).Resource(Account);
        var backup = account.At("properties.backupPolicy");

        Assert.Equal(expected.CosmosBackupType, backup.Text("type"));
        if (expected.CosmosContinuousTier is null)
        {
            Assert.Equal("Local", backup.Text("periodicModeProperties.backupStorageRedundancy"));
        }
        else
        {
            Assert.Equal(expected.CosmosContinuousTier, backup.Text("continuousModeProperties.tier"));
        }

        var region = Assert.Single(account.At("properties.locations").EnumerateArray());
        Assert.Equal(BicepDeployment.Location, region.Text("locationName"));
        Assert.Equal(expected.ZoneRedundant, region.Flag("isZoneRedundant"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CosmosContainers_AnyStage_MatchTheAppDataModel(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var model = RepoPaths.ReadJson("src", "CitySense.Cosmos", "containers.json");
        var database = model.Text("database");
        var modelContainers = model.At("containers").EnumerateArray().ToList();
        var containers = snapshot.OfType(Container).ToDictionary(container => container.Text("properties.resource.id"));

        Assert.Equal(database, snapshot.Resource(Database).Text("properties.resource.id"));
        Assert.Equal(modelContainers.Select(container => container.Text("id")).Order(StringComparer.Ordinal), containers.Keys.Order(StringComparer.Ordinal));
        foreach (var expected in modelContainers)
        {
            var actual = containers[expected.Text("id")].At("properties.resource");
            Assert.EndsWith($"/{database}/{expected.Text("id")}", containers[expected.Text("id")].Text("name"), StringComparison.Ordinal);
            Assert.Equal([expected.Text("partitionKeyPath")], actual.Strings("partitionKey.paths"));
            Assert.Equal("Hash", actual.Text("partitionKey.kind"));
            Assert.Equal(2, actual.Number("partitionKey.version"));
            Assert.True(
                JsonElement.DeepEquals(expected.At("indexingPolicy"), actual.At("indexingPolicy")),
                $"Indexing policy of '{expected.Text("id")}' differs from containers.json: {actual.At("indexingPolicy").GetRawText()}");
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CosmosContainers_Stage_ExpireOnlyReadingsAuditAndDeliveryRecordsAfterTheirRetention(string stage)
    {
        var containers = bicep.Snapshot(stage).OfType(Container).ToDictionary(container => container.Text("properties.resource.id"));

        Assert.Equal(StageExpectation.For(stage).ReadingsRetentionDays * 86400, containers["readings"].Number("properties.resource.defaultTtl"));
        Assert.Equal(StageExpectation.For(stage).AuditRetentionDays * 86400, containers["audit"].Number("properties.resource.defaultTtl"));
        Assert.Equal(-1, containers["deliveries"].Number("properties.resource.defaultTtl")); // Each record carries its own ttl.
        Assert.All(
            containers.Where(container => container.Key is not "readings" and not "audit" and not "deliveries"),
            container => Assert.False(container.Value.Has("properties.resource.defaultTtl"), $"'{container.Key}' must keep items forever."));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CosmosDataRole_AnyStage_GoesToTheAppIdentityOnTheAccount(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var accountId = snapshot.Id(Account);

        var assignment = Assert.Single(
            snapshot.OfType(SqlRoleAssignment),
            assignment => DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), snapshot.AppIdentityId, "principalId"));
        Assert.Equal($"{accountId}/sqlRoleDefinitions/{DataContributorRole}", assignment.Text("properties.roleDefinitionId"));
        Assert.Equal(accountId, assignment.Text("properties.scope"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CosmosDataRole_Stage_GoesToTheDeployerOnlyWhereTheStageAllows(string stage)
    {
        var assignments = bicep.Snapshot(stage).OfType(SqlRoleAssignment)
            .Where(assignment => assignment.Text("properties.principalId") == BicepDeployment.DeployerPrincipalId)
            .ToList();

        Assert.Equal(StageExpectation.For(stage).DeployerGetsCosmosDataAccess ? 1 : 0, assignments.Count);
        Assert.All(assignments, assignment => Assert.EndsWith("/sqlRoleDefinitions/" + DataContributorRole, assignment.Text("properties.roleDefinitionId"), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void StorageAccount_AnyStage_RefusesSharedKeysAndAnonymousAccess(string stage)
    {
        var storage = bicep.Snapshot(stage).Resource(Storage);

        Assert.Equal("StorageV2", storage.Text("kind"));
        Assert.Equal(StageExpectation.For(stage).StorageSku, storage.Text("sku.name"));
        Assert.False(storage.Flag("properties.allowSharedKeyAccess"), "Shared keys must be refused: identities only.");
        Assert.False(storage.Flag("properties.allowBlobPublicAccess"));
        Assert.True(storage.Flag("properties.defaultToOAuthAuthentication"));
        Assert.True(storage.Flag("properties.supportsHttpsTrafficOnly"));
        Assert.Equal("TLS1_2", storage.Text("properties.minimumTlsVersion"));
        Assert.Equal("None", bicep.Snapshot(stage).Resource("Microsoft.Storage/storageAccounts/blobServices/containers").Text("properties.publicAccess"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void StorageAccount_AnyStage_GrantsBlobQueueAndTableDataRolesToTheAppIdentity(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var assignments = snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", snapshot.Id(Storage)).ToList();
        string[] expectedRoles =
        [
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        ];

        Assert.Equal(expectedRoles, assignments.Select(assignment => assignment.Text("properties.roleDefinitionId").Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(assignments, assignment =>
        {
            Assert.True(DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), snapshot.AppIdentityId, "principalId"));
            Assert.Equal("ServicePrincipal", assignment.Text("properties.principalType"));
        });
    }
}
