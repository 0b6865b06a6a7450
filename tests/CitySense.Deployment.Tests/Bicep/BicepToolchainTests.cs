using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// The Bicep CLI accepts every file: build, lint and build-params succeed with no diagnostics at
/// all. Lint warnings (and wrong properties, BCP037/BCP089) leave the exit code at 0, so the tests
/// read the SARIF output instead of trusting the exit code.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class BicepToolchainTests(BicepDeployment bicep)
{
    [Fact]
    public void Build_MainTemplate_SucceedsWithoutDiagnostics()
    {
        Assert.True(bicep.MainBuild.ExitCode == 0, bicep.MainBuild.Output);
        Assert.Empty(SarifLog.Parse(bicep.MainBuild.StandardError));
        Assert.Equal(
            "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
            bicep.MainTemplate.Text("$schema"));
    }

    [Fact]
    public void Lint_EveryBicepFile_ReportsNoWarningsOrErrors()
    {
        Assert.True(bicep.Lint.ExitCode == 0, bicep.Lint.Output);
        var documents = SarifLog.ParseDocuments(bicep.Lint.StandardOutput);

        // One SARIF document per linted file: proves the pattern matched every file.
        Assert.Equal(BicepDeployment.BicepFiles.Count, documents.Count);
        var diagnostics = documents.SelectMany(document => document).ToList();
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    [Fact]
    public void BuildParams_EveryStageFile_SucceedsWithoutDiagnostics()
    {
        var result = bicep.StageParameters;
        Assert.True(result.ExitCode == 0, result.Output);
        var documents = SarifLog.ParseDocuments(result.StandardError);

        // One SARIF document per parameters file: proves the pattern matched every stage.
        Assert.Equal(BicepDeployment.StageNames.Count, documents.Count);
        var diagnostics = documents.SelectMany(document => document).ToList();
        Assert.True(diagnostics.Count == 0, string.Join(Environment.NewLine, diagnostics));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void BuildParams_StageFile_SelectsItsStage(string stage)
    {
        var path = Path.Combine(bicep.StageParametersDirectory, stage + ".json");
        Assert.True(File.Exists(path), bicep.StageParameters.Output);

        using var parameters = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(stage, parameters.RootElement.Text("parameters.stage.value"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Snapshot_StageFile_EvaluatesEveryResourceWithoutDiagnostics(string stage)
    {
        var snapshot = bicep.Snapshot(stage);

        Assert.Empty(snapshot.Diagnostics);
        Assert.NotEmpty(snapshot.Resources);
    }

    [Fact]
    public void StageFiles_InRepository_AreExactlyDevStagingProd()
    {
        string[] expected = ["dev", "prod", "staging"];
        var settingsFiles = Directory.GetFiles(Path.Combine(BicepDeployment.BicepDirectory, "stages"), "*.settings.json")
            .Select(path => Path.GetFileName(path)[..^".settings.json".Length])
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, BicepDeployment.StageNames);
        Assert.Equal(expected, settingsFiles);
        Assert.Equal(expected, bicep.MainTemplate.Strings("parameters.stage.allowedValues").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MainParameters_AzdFile_MapsEnvironmentValuesToRequiredParameters()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("bicep", "main.parameters.json")));
        var supplied = file.RootElement.At("parameters");
        var declared = bicep.MainTemplate.At("parameters");

        Assert.Equal("${AZURE_ENV_NAME}", supplied.Text("environmentName.value"));
        Assert.Equal("${AZURE_LOCATION}", supplied.Text("location.value"));
        Assert.Equal("${AZURE_PRINCIPAL_ID}", supplied.Text("principalId.value"));
        Assert.Equal("${CITYSENSE_STAGE=dev}", supplied.Text("stage.value"));
        Assert.Equal("${CITYSENSE_OPERATOR_EMAIL}", supplied.Text("operatorEmail.value"));
        foreach (var parameter in supplied.EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(parameter.Name, out _), $"main.bicep has no parameter '{parameter.Name}'.");
        }

        foreach (var parameter in declared.EnumerateObject().Where(parameter => !parameter.Value.TryGetProperty("defaultValue", out _)))
        {
            Assert.True(supplied.TryGetProperty(parameter.Name, out _), $"azd would not supply required parameter '{parameter.Name}'.");
        }
    }
}
