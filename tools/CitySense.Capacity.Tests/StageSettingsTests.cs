namespace CitySense.Capacity.Tests;

public sealed class StageSettingsTests
{
    [Fact]
    public void Load_Prod_TheValuesBicepDeploys()
    {
        var prod = Stages.Load("prod");

        Assert.Equal("StandardV2", prod.ApiManagementSku);
        Assert.False(prod.CosmosServerless);
        Assert.Equal(4000, prod.CosmosAutoscaleMaxThroughput);
        Assert.Equal(365, prod.ReadingsRetentionDays);
        Assert.True(prod.ZoneRedundant);
        Assert.Equal((2048, 200, 2), (prod.FunctionInstanceMemoryMB, prod.FunctionMaximumInstanceCount, prod.FunctionAlwaysReadyInstances));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("prod")]
    public void Load_EveryStage_ReadsWithoutAMissingSetting(string stage)
    {
        var settings = Stages.Load(stage);

        Assert.Equal(stage, settings.Name);
        Assert.True(settings.OperatorCallsPerPeriod > 0 && settings.OperatorCallsPerDay > 0);
    }
}
