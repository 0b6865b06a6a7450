using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// The Bicep CLI accepts the templates: build and lint report nothing, and every stage evaluates offline.
/// Lint warnings leave the exit code at 0, so the tests assert that the CLI printed no diagnostic at all.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class BicepCompilationTests(BicepDeployment bicep)
{
    /// <summary>
    /// bicep build compiles main.bicep with every module and type file it references and runs the
    /// linter (the rules of bicepconfig.json, e.g. outputs-should-not-contain-secrets and
    /// secure-secrets-in-params as errors) over all of them; each finding is a line on stderr.
    /// </summary>
    [Fact]
    public void Build_MainTemplate_ReportsNoErrorOrWarning()
    {
        Assert.True(bicep.MainBuild.ExitCode == 0, bicep.MainBuild.Output);
        Assert.True(bicep.MainBuild.StandardError.Length == 0, bicep.MainBuild.StandardError);
        Assert.Equal(
            "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
            bicep.MainTemplate.Text("$schema"));
    }

    /// <summary>
    /// bicep snapshot compiles the stage's .bicepparam file and validates the parameters against
    /// their types (a setting missing from a settings file fails here), then predicts every resource.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Snapshot_StageFile_EvaluatesEveryResourceWithoutDiagnostics(string stage)
    {
        var snapshot = bicep.Snapshot(stage);

        Assert.Empty(snapshot.Diagnostics);
        Assert.NotEmpty(snapshot.Resources);
    }

    [Fact]
    public void StageFiles_Repository_AreExactlyTheExpectedStages()
    {
        var expected = StageExpectation.All.Select(expectation => expectation.Stage).Order(StringComparer.Ordinal).ToList();
        var stagesDirectory = Path.Combine(BicepDeployment.BicepDirectory, "stages");

        Assert.Equal(expected, Directory.GetFiles(stagesDirectory, "*.bicepparam").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        Assert.Equal(expected, Directory.GetFiles(stagesDirectory, "*.settings.json").Select(path => Path.GetFileName(path)[..^".settings.json".Length]).Order(StringComparer.Ordinal));
        Assert.Equal(expected, bicep.MainTemplate.Strings("parameters.stage.allowedValues").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MainParameters_AzdFile_MapsEnvironmentValuesToRequiredParameters()
    {
        var supplied = RepoPaths.ReadJson("bicep", "main.parameters.json").At("parameters");
        var declared = bicep.MainTemplate.At("parameters");

        Assert.Equal("${AZURE_ENV_NAME}", supplied.Text("environmentName.value"));
        Assert.Equal("${AZURE_LOCATION}", supplied.Text("location.value"));
        Assert.Equal("${AZURE_PRINCIPAL_ID}", supplied.Text("principalId.value"));
        Assert.Equal("${CITYSENSE_STAGE=dev}", supplied.Text("stage.value"));
        Assert.Equal("${CITYSENSE_OPERATOR_EMAIL}", supplied.Text("operatorEmail.value"));
        Assert.All(supplied.EnumerateObject(), parameter => Assert.True(declared.TryGetProperty(parameter.Name, out _), $"main.bicep has no parameter '{parameter.Name}'."));
        Assert.All(
            declared.EnumerateObject().Where(parameter => !parameter.Value.TryGetProperty("defaultValue", out _)),
            parameter => Assert.True(supplied.TryGetProperty(parameter.Name, out _), $"azd would not supply required parameter '{parameter.Name}'."));
    }
}
