using System.Text.Json;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>Log Analytics, Application Insights, diagnostic settings and alerts.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class MonitoringTemplateTests(BicepDeployment bicep)
{
    private const string Workspace = "Microsoft.OperationalInsights/workspaces";
    private const string Components = "Microsoft.Insights/components";

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApplicationInsights_AnyStage_DisablesLocalAuthAndUsesTheWorkspace(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var component = snapshot.Resource(Components);

        Assert.Equal("web", component.Text("kind"));
        Assert.Equal("web", component.Text("properties.Application_Type"));
        Assert.True(component.Flag("properties.DisableLocalAuth"), "Telemetry must need an Entra identity, not the instrumentation key.");
        Assert.Equal(snapshot.Id(Workspace), component.Text("properties.WorkspaceResourceId"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void LogAnalytics_Stage_KeepsLogsForTheStageRetention(string stage)
    {
        var workspace = bicep.Snapshot(stage).Resource(Workspace);

        Assert.Equal("PerGB2018", workspace.Text("properties.sku.name"));
        Assert.Equal(StageExpectation.Settings(stage).Number("logRetentionDays"), workspace.Number("properties.retentionInDays"));
        Assert.True(workspace.Flag("properties.features.disableLocalAuth"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void AppIdentity_AnyStage_MayPublishTelemetry(string stage)
    {
        var snapshot = bicep.Snapshot(stage);

        Assert.Single(
            snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", snapshot.Id(Components)),
            assignment => DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), snapshot.AppIdentityId, "principalId")
                && assignment.Text("properties.roleDefinitionId").EndsWith("/3913510d-42f4-4e42-8a64-420c390055eb", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void DiagnosticSettings_AnyStage_SendEveryServiceToLogAnalytics(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var workspaceId = snapshot.Id(Workspace);
        string[] monitored =
        [
            snapshot.Id("Microsoft.ApiManagement/service"),
            snapshot.Id("Microsoft.DocumentDB/databaseAccounts"),
            snapshot.Id("Microsoft.KeyVault/vaults"),
            snapshot.Id("Microsoft.Storage/storageAccounts/blobServices"),
            snapshot.Id("Microsoft.Web/sites"),
        ];

        foreach (var resourceId in monitored)
        {
            var setting = Assert.Single(snapshot.OfTypeAt("Microsoft.Insights/diagnosticSettings", resourceId));
            Assert.Equal(workspaceId, setting.Text("properties.workspaceId"));
            Assert.NotEmpty(setting.At("properties.logs").EnumerateArray());
            Assert.All(setting.At("properties.logs").EnumerateArray(), log => Assert.True(log.Flag("enabled")));
        }

        Assert.Equal(monitored.Length, snapshot.OfType("Microsoft.Insights/diagnosticSettings").Count());
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ActionGroup_AnyStage_MailsTheOperatorsFromEveryAlert(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var actionGroup = snapshot.Resource("Microsoft.Insights/actionGroups");
        var actionGroupId = actionGroup.Text("id");

        var receiver = Assert.Single(actionGroup.At("properties.emailReceivers").EnumerateArray());
        Assert.Equal(BicepDeployment.OperatorEmail, receiver.Text("emailAddress"));
        Assert.True(actionGroup.Flag("properties.enabled"));
        Assert.All(
            snapshot.OfType("Microsoft.Insights/scheduledQueryRules"),
            rule => Assert.Equal([actionGroupId], rule.Strings("properties.actions.actionGroups")));
        Assert.Equal(actionGroupId, Assert.Single(snapshot.Resource("Microsoft.Insights/metricAlerts").At("properties.actions").EnumerateArray()).Text("actionGroupId"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Alerts_Stage_WatchServerErrorRateAndP95LatencyOfTheApp(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var thresholds = StageExpectation.Settings(stage).At("alerts");
        var functionAppName = snapshot.Resource("Microsoft.Web/sites").Text("name");
        var rules = snapshot.OfType("Microsoft.Insights/scheduledQueryRules")
            .Where(rule => rule.Text("name").Contains("-api-", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(2, rules.Count);
        Assert.All(rules, rule =>
        {
            Assert.Equal("LogAlert", rule.Text("kind"));
            Assert.True(rule.Flag("properties.enabled"));

            // AppRequests exists only once telemetry arrived: a new workspace would fail the first provision.
            Assert.True(rule.Flag("properties.skipQueryValidation"));
            Assert.Equal([snapshot.Id("Microsoft.OperationalInsights/workspaces")], rule.Strings("properties.scopes"));
            Assert.Contains($"AppRequests | where AppRoleName =~ '{functionAppName}'", Criterion(rule).Text("query"), StringComparison.Ordinal);
        });

        var errors = Criterion(Assert.Single(rules, rule => rule.Text("name").EndsWith("api-5xx-rate", StringComparison.Ordinal)));
        Assert.Contains("countif(toint(ResultCode) >= 500)", errors.Text("query"), StringComparison.Ordinal);
        Assert.Equal("FailedPercent", errors.Text("metricMeasureColumn"));
        Assert.Equal(thresholds.Number("serverErrorPercent"), errors.Number("threshold"));

        var latency = Criterion(Assert.Single(rules, rule => rule.Text("name").EndsWith("api-p95-latency", StringComparison.Ordinal)));
        Assert.Contains("percentile(DurationMs, 95)", latency.Text("query"), StringComparison.Ordinal);
        Assert.Equal(thresholds.Number("latencyP95Milliseconds"), latency.Number("threshold"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Alerts_Stage_WatchCosmosThrottling(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var alert = snapshot.Resource("Microsoft.Insights/metricAlerts");
        var criteria = alert.At("properties.criteria");
        var criterion = Assert.Single(criteria.At("allOf").EnumerateArray());
        var dimension = Assert.Single(criterion.At("dimensions").EnumerateArray());

        Assert.Equal([snapshot.Id("Microsoft.DocumentDB/databaseAccounts")], alert.Strings("properties.scopes"));
        Assert.Equal("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", criteria.GetProperty("odata.type").GetString());
        Assert.Equal("Microsoft.DocumentDB/databaseAccounts", criterion.Text("metricNamespace"));
        Assert.Equal("TotalRequests", criterion.Text("metricName"));
        Assert.Equal("Count", criterion.Text("timeAggregation"));
        Assert.Equal("StatusCode", dimension.Text("name"));
        Assert.Equal(["429"], dimension.Strings("values"));
        Assert.Equal(StageExpectation.Settings(stage).Number("alerts.cosmosThrottledRequests"), criterion.Number("threshold"));
    }

    /// <summary>
    /// Queue metrics cannot tell one queue from another (QueueMessageCount is per account and hourly), so messages the
    /// Functions host moves to a -poison queue are counted from its own warning in the host logs the app already sends.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Alerts_Stage_WatchMessagesMovedToThePoisonQueues(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var site = snapshot.Resource("Microsoft.Web/sites");
        var rule = Rule(snapshot, "queue-poison-messages");
        var criterion = Criterion(rule);
        var hostLogs = Assert.Single(snapshot.OfTypeAt("Microsoft.Insights/diagnosticSettings", site.Text("id")));

        // The host writes "Message has reached MaxDequeueCount of 5. Moving message to queue '<queue>-poison'."
        Assert.Contains(hostLogs.At("properties.logs").EnumerateArray(), log => log.Text("category") == "FunctionAppLogs" && log.Flag("enabled"));
        Assert.Equal(
            $"FunctionAppLogs | where AppName =~ '{site.Text("name")}' and Message has 'MaxDequeueCount' and Message contains '-poison' | summarize PoisonMessages = count()",
            criterion.Text("query"));
        Assert.Equal("PoisonMessages", criterion.Text("metricMeasureColumn"));
        Assert.Equal("GreaterThan", criterion.Text("operator"));
        Assert.Equal(StageExpectation.Settings(stage).Number("alerts.poisonQueueMessages"), criterion.Number("threshold"));
        Assert.Equal(1, rule.Number("properties.severity"));
        AssertEvaluatedOnTheWorkspace(snapshot, rule);
    }

    /// <summary>The contract with the delivery code: a dead-lettered delivery is recorded as the custom event WebhookDeadLettered.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Alerts_Stage_WatchDeadLetteredWebhookDeliveries(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var functionAppName = snapshot.Resource("Microsoft.Web/sites").Text("name");
        var rule = Rule(snapshot, "webhook-dead-letters");
        var criterion = Criterion(rule);

        Assert.Equal(
            $"AppEvents | where AppRoleName =~ '{functionAppName}' and Name == 'WebhookDeadLettered' | summarize DeadLettered = count()",
            criterion.Text("query"));
        Assert.Equal("DeadLettered", criterion.Text("metricMeasureColumn"));
        Assert.Equal("GreaterThan", criterion.Text("operator"));
        Assert.Equal(StageExpectation.Settings(stage).Number("alerts.deadLetteredDeliveries"), criterion.Number("threshold"));
        AssertEvaluatedOnTheWorkspace(snapshot, rule);
    }

    private static JsonElement Rule(DeploymentSnapshot snapshot, string suffix) =>
        Assert.Single(snapshot.OfType("Microsoft.Insights/scheduledQueryRules"), rule => rule.Text("name").EndsWith(suffix, StringComparison.Ordinal));

    private static void AssertEvaluatedOnTheWorkspace(DeploymentSnapshot snapshot, JsonElement rule)
    {
        Assert.Equal("LogAlert", rule.Text("kind"));
        Assert.True(rule.Flag("properties.enabled"));

        // The tables exist only after their first record: a new workspace would fail the first provision.
        Assert.True(rule.Flag("properties.skipQueryValidation"));
        Assert.Equal([snapshot.Id(Workspace)], rule.Strings("properties.scopes"));
        Assert.Equal("PT5M", rule.Text("properties.evaluationFrequency"));
        Assert.Equal("PT15M", rule.Text("properties.windowSize"));
        Assert.Equal([snapshot.Resource("Microsoft.Insights/actionGroups").Text("id")], rule.Strings("properties.actions.actionGroups"));
    }

    private static JsonElement Criterion(JsonElement rule) =>
        Assert.Single(rule.At("properties.criteria.allOf").EnumerateArray());
}
