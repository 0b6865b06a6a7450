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

    private const string QueueService = "Microsoft.Storage/storageAccounts/queueServices";

    private const string QueueDataContributorRole = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";

    /// <summary>Every built-in queue data role: Contributor, Reader, Message Processor, Message Sender.</summary>
    private static readonly string[] QueueRoles =
    [
        QueueDataContributorRole,
        "19e7f393-937e-4f77-808e-94535e297925",
        "8a0f0c08-91a1-4084-bc3d-661d67233fed",
        "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a",
    ];

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
    public void StorageAccount_AnyStage_GrantsOnlyBlobAndTableDataRolesOnTheWholeAccount(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var assignments = snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", snapshot.Id(Storage))
            .Where(assignment => !assignment.Text("id").Contains("/queueServices/", StringComparison.OrdinalIgnoreCase))
            .ToList();
        string[] expectedRoles =
        [
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        ];

        // The host itself uses no queue: queue access is granted per queue (next test), never on the account.
        Assert.Equal(expectedRoles, assignments.Select(RoleId).Order(StringComparer.Ordinal));
        Assert.All(assignments, assignment => AssertGrantedToTheApp(snapshot, assignment));
    }

    /// <summary>
    /// The queues are created here, so the app never has to create one; the names are those the code uses and the
    /// Functions host's poison queue of each (host.json maxDequeueCount moves a message to &lt;queue&gt;-poison).
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Queues_AnyStage_ExistForEveryQueueOfTheCodeAndItsPoisonQueue(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var queueService = snapshot.Resource(QueueService);
        string[] expected = [.. CodeQueueNames().SelectMany(queue => new[] { queue, queue + "-poison" }).Order(StringComparer.Ordinal)];

        Assert.Equal(snapshot.Id(Storage) + "/queueServices/default", queueService.Text("id"));
        Assert.Equal(expected, Queues(snapshot).Select(queue => queue.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(Queues(snapshot), queue => Assert.StartsWith(queueService.Text("id") + "/queues/", queue.Text("id"), StringComparison.Ordinal));
    }

    /// <summary>
    /// Least privilege: Storage Queue Data Contributor, the only built-in role with Update Message (messages/write) that
    /// the queue trigger needs to release and renew messages, scoped to each queue, and no other queue role anywhere.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Queues_AnyStage_GrantTheAppQueueDataContributorOnEachQueueAndNowhereElse(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var queueIds = Queues(snapshot).Select(queue => queue.Text("id")).ToList();

        foreach (var queueId in queueIds)
        {
            var assignment = Assert.Single(snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", queueId));
            Assert.Equal(QueueDataContributorRole, RoleId(assignment));
            AssertGrantedToTheApp(snapshot, assignment);
        }

        var queueRoleAssignments = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(assignment => QueueRoles.Contains(RoleId(assignment)))
            .ToList();
        Assert.Equal(queueIds.Count, queueRoleAssignments.Count);
        Assert.All(queueRoleAssignments, assignment => Assert.Contains(queueIds, queueId => assignment.Text("id").StartsWith($"[extensionResourceId('{queueId}', ", StringComparison.Ordinal)));
    }

    private static IEnumerable<JsonElement> Queues(DeploymentSnapshot snapshot) =>
        snapshot.OfType("Microsoft.Storage/storageAccounts/queueServices/queues");

    private static string RoleId(JsonElement assignment) => assignment.Text("properties.roleDefinitionId").Split('/')[^1];

    private static void AssertGrantedToTheApp(DeploymentSnapshot snapshot, JsonElement assignment)
    {
        Assert.True(DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), snapshot.AppIdentityId, "principalId"));
        Assert.Equal("ServicePrincipal", assignment.Text("properties.principalType"));
    }

    /// <summary>The queue names the Functions code declares (WebhookQueues' constants), read from its source.</summary>
    private static List<string> CodeQueueNames()
    {
        var source = File.ReadAllText(RepoPaths.Combine("src", "CitySense.Functions", "Webhooks", "WebhookQueues.cs"));
        var names = System.Text.RegularExpressions.Regex.Matches(
                source,
                @"public const string (?:ReadingEvents|Deliveries) = ""([a-z0-9-]+)"";",
                System.Text.RegularExpressions.RegexOptions.None,
                TimeSpan.FromSeconds(1))
            .Select(match => match.Groups[1].Value)
            .ToList();
        Assert.Equal(2, names.Count);
        return names;
    }
}
