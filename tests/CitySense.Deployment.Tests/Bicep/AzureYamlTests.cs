using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// azure.yaml: the schema check is ajv-cli's (schemas/azure.yaml.schema.json, the fields CitySense
/// uses and no others); what no schema can know is that its paths and service name match the repository.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class AzureYamlTests(BicepDeployment bicep)
{
    [Fact]
    public async Task Ajv_AzureYaml_FindsNothing()
    {
        var result = await ProcessRunner.RunAsync(
            RepoPaths.NodeTool("ajv"),
            ["validate", "-s", RepoPaths.Combine("schemas", "azure.yaml.schema.json"), "-d", RepoPaths.Combine("azure.yaml"), "--spec=draft7", "--strict=true"],
            RepoPaths.Root,
            TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("azure.yaml valid", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Paths_AzureYaml_PointAtTheFunctionsProjectAndTheTaggedFunctionApp(string stage)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Combine("azure.yaml"))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var infra = (YamlMappingNode)root["infra"];
        var (serviceName, service) = Assert.Single(((YamlMappingNode)root["services"]).Children);
        var project = Scalar((YamlMappingNode)service, "project");
        var site = bicep.Snapshot(stage).Resource("Microsoft.Web/sites");

        Assert.True(File.Exists(RepoPaths.Combine(project, "CitySense.Functions.csproj")), $"No Functions project in {project}.");
        Assert.True(File.Exists(RepoPaths.Combine(Scalar(infra, "path"), Scalar(infra, "module") + ".bicep")));
        Assert.True(File.Exists(RepoPaths.Combine(Scalar(infra, "path"), Scalar(infra, "module") + ".parameters.json")));
        Assert.Equal(((YamlScalarNode)serviceName).Value, site.Text("tags.azd-service-name"));
        Assert.Equal("citysense-" + stage, site.Text("tags.azd-env-name"));
    }

    /// <summary>Publishing the portal may fail on a new instance: after provisioning, never able to fail azd up.</summary>
    [Fact]
    public void PostProvisionHook_AzureYaml_PublishesThePortalWithoutFailingAzdUp()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Combine("azure.yaml"))));
        var hook = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["hooks"])["postprovision"];

        foreach (var shell in new[] { "posix", "windows" })
        {
            var platform = (YamlMappingNode)hook[shell];
            Assert.Contains("bash scripts/publish-portal.sh", Scalar(platform, "run"), StringComparison.Ordinal);
            Assert.Equal("true", Scalar(platform, "continueOnError"));
        }
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
