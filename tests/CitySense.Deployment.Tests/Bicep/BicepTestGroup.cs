namespace CitySense.Deployment.Tests.Bicep;

/// <summary>The test classes that share one <see cref="BicepDeployment"/> (the CLI runs once for all of them).</summary>
[CollectionDefinition(Name)]
public sealed class BicepTestGroup : ICollectionFixture<BicepDeployment>
{
    public const string Name = "Bicep";
}
