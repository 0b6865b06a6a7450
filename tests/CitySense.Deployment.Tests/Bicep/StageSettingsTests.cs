namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// The stages differ only through bicep/stages/*.settings.json, and they differ where they must:
/// dev is cheap and open to its developers, prod is redundant, backed up and locked down.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class StageSettingsTests(BicepDeployment bicep)
{
    [Fact]
    public void SettingsFiles_Prod_IsStricterAndMoreDurableThanDev()
    {
        var dev = StageExpectation.Settings("dev");
        var prod = StageExpectation.Settings("prod");

        Assert.True(prod.Number("alerts.serverErrorPercent") < dev.Number("alerts.serverErrorPercent"));
        Assert.True(prod.Number("alerts.latencyP95Milliseconds") < dev.Number("alerts.latencyP95Milliseconds"));
        Assert.True(prod.Number("readingsRetentionDays") > dev.Number("readingsRetentionDays"));
        Assert.True(prod.Number("logRetentionDays") >= dev.Number("logRetentionDays"));
        Assert.True(prod.Number("keyVaultSoftDeleteRetentionDays") > dev.Number("keyVaultSoftDeleteRetentionDays"));
        Assert.DoesNotContain("*", prod.Strings("corsAllowedOrigins"));
        Assert.False(prod.Flag("cosmosDeployerDataAccess"), "Nobody but the app reads production data.");
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Snapshot_Stage_TagsEveryResourceGroupResourceWithTheStage(string stage)
    {
        var snapshot = bicep.Snapshot(stage);

        Assert.Equal(stage, snapshot.Resource("Microsoft.Resources/resourceGroups").Text("tags.citysense-stage"));
        Assert.All(
            snapshot.Resources.Where(resource => resource.Has("location") && resource.Has("tags")),
            resource => Assert.Equal(stage, resource.Text("tags.citysense-stage")));
    }
}
