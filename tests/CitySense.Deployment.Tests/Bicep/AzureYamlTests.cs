using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// azure.yaml, checked with ajv-cli against schemas/azure.yaml.schema.json (the fields CitySense
/// uses, no others) and against the repository it points into.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class AzureYamlTests(BicepDeployment bicep)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static string SchemaPath => RepoPaths.Combine("schemas", "azure.yaml.schema.json");

    [Fact]
    public async Task Validate_AzureYaml_MatchesTheSchema()
    {
        var result = await Ajv(RepoPaths.Combine("azure.yaml"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("azure.yaml valid", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host: function", "host: functions")]
    [InlineData("language: dotnet", "language: csharp")]
    [InlineData("path: bicep", "path: infra")]
    [InlineData("services:", "servics:")]
    public async Task Validate_AzureYamlWithAMistake_IsRejected(string original, string mistake)
    {
        var directory = Directory.CreateTempSubdirectory("citysense-azure-yaml-");
        try
        {
            var text = await File.ReadAllTextAsync(RepoPaths.Combine("azure.yaml"));
            Assert.Contains(original, text, StringComparison.Ordinal);
            var path = Path.Combine(directory.FullName, "azure.yaml");
            await File.WriteAllTextAsync(path, text.Replace(original, mistake, StringComparison.Ordinal));

            var result = await Ajv(path);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("invalid", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ApiService_AzureYaml_PointsAtTheFunctionsProject()
    {
        var api = (YamlMappingNode)((YamlMappingNode)Root()["services"])["api"];
        var project = RepoPaths.Combine(Scalar(api, "project").Split('/', StringSplitOptions.RemoveEmptyEntries)[1..]);

        Assert.Equal("./src/CitySense.Functions", Scalar(api, "project"));
        Assert.True(File.Exists(Path.Combine(project, "CitySense.Functions.csproj")), $"No Functions project in {project}.");
        Assert.Equal("dotnet", Scalar(api, "language"));
        Assert.Equal("function", Scalar(api, "host"));
    }

    [Fact]
    public void Infra_AzureYaml_PointsAtTheBicepEntryPointAndItsAzdParameters()
    {
        var infra = (YamlMappingNode)Root()["infra"];
        var folder = RepoPaths.Combine(Scalar(infra, "path"));

        Assert.Equal("bicep", Scalar(infra, "provider"));
        Assert.True(File.Exists(Path.Combine(folder, Scalar(infra, "module") + ".bicep")));
        Assert.True(File.Exists(Path.Combine(folder, Scalar(infra, "module") + ".parameters.json")));
    }

    [Fact]
    public void ServiceName_AzureYaml_IsTheAzdServiceTagOfTheFunctionApp()
    {
        var service = Assert.Single(((YamlMappingNode)Root()["services"]).Children.Keys);

        Assert.Equal(
            ((YamlScalarNode)service).Value,
            bicep.Snapshot("dev").Resource("Microsoft.Web/sites").Text("tags.azd-service-name"));
    }

    private static Task<ProcessResult> Ajv(string dataPath) =>
        ProcessRunner.RunAsync(
            RepoPaths.NodeTool("ajv"),
            ["validate", "-s", SchemaPath, "-d", dataPath, "--spec=draft7", "--strict=true"],
            RepoPaths.Root,
            Timeout);

    private static YamlMappingNode Root()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Combine("azure.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
