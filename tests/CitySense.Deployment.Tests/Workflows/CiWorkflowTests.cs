using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>ci.yml: the developers' test command, the official Cosmos DB emulator, and one required check over every job.</summary>
public sealed class CiWorkflowTests
{
    private readonly WorkflowFile ci = WorkflowFile.Named("ci.yml");

    [Fact]
    public void TestJob_Steps_RunTheRepositoryTestCommandAfterAWarningFreeBuild()
    {
        var job = ci.Job("test");

        var build = job.IndexOfStep(step => step.RunContains("dotnet build CitySense.sln") && step.RunContains("TreatWarningsAsErrors=true"));
        var test = job.IndexOfStep(step => step.Run?.Trim() == "scripts/test.sh");
        Assert.True(build >= 0, "The test job does not build the solution with warnings as errors.");
        Assert.True(test > build, "The test job does not run scripts/test.sh after the build.");
        Assert.DoesNotContain("COSMOS_ENDPOINT", job.Mapping.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EmulatorJob_AfterTheEmulatorAnswers_RunsTheIntegrationTestsAgainstIt()
    {
        var job = ci.Job("cosmos-emulator");
        var service = Assert.IsType<YamlMappingNode>(Assert.Single(job.Services!.Children).Value);

        Assert.StartsWith("mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator:", YamlNodes.Scalar(service, "image"), StringComparison.Ordinal);
        Assert.Contains("8081:8081", YamlNodes.Strings(service, "ports"));
        Assert.Equal("https://localhost:8081/", YamlNodes.Scalar(job.Env, "COSMOS_ENDPOINT"));
        var wait = job.IndexOfStep(step => step.RunContains("https://localhost:8081/_explorer/emulator.pem") && step.RunContains("deadline"));
        var test = job.IndexOfStep(step => step.RunContains("dotnet test tests/CitySense.IntegrationTests"));
        Assert.True(wait >= 0, "The emulator job does not wait (with a deadline) for the emulator.");
        Assert.True(test > wait, "The emulator job does not run the integration tests after the wait.");
    }

    /// <summary>
    /// The real Functions host, not the DevHost: Core Tools serve the published app over the emulator with keys
    /// enforced (--enableAuth), a keyless call must be refused, and both suites run against it with the host key.
    /// </summary>
    [Fact]
    public void FunctionsHostJob_WithKeysEnforced_RunsTheEndToEndAndContractSuitesAgainstFuncStart()
    {
        var job = ci.Job("functions-host");
        var service = Assert.IsType<YamlMappingNode>(Assert.Single(job.Services!.Children).Value);
        var install = job.IndexOfStep(step => step.RunContains("npm install --global \"azure-functions-core-tools@$FUNC_CORE_TOOLS_VERSION\""));
        var publish = job.IndexOfStep(step => step.RunContains("dotnet publish src/CitySense.Functions -c Release"));
        var start = job.IndexOfStep(step => step.RunContains("func start --port 7071"));
        var endToEnd = job.IndexOfStep(step => step.RunContains("dotnet test tests/CitySense.EndToEndTests"));
        var contract = job.IndexOfStep(step => step.RunContains("dotnet test tests/CitySense.ContractTests"));
        var startScript = job.Steps[start].Run!;

        Assert.StartsWith("mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator:", YamlNodes.Scalar(service, "image"), StringComparison.Ordinal);
        Assert.Equal("4", YamlNodes.Scalar(job.Env, "FUNC_CORE_TOOLS_VERSION"));
        Assert.Equal("http://127.0.0.1:7071/api", YamlNodes.Scalar(job.Env, "CITYSENSE_BASE_URL"));
        Assert.True(install >= 0 && publish > install && start > publish && endToEnd > start && contract > endToEnd, string.Join(", ", job.Steps));
        Assert.Contains("start_host --enableAuth", startScript, StringComparison.Ordinal);
        Assert.Contains("[[ \"$keyless\" != \"401\" ]]", startScript, StringComparison.Ordinal);
        Assert.Contains("echo \"::add-mask::$key\"", startScript, StringComparison.Ordinal);
        Assert.Contains("echo \"CITYSENSE_FUNCTION_KEY=$key\" >> \"$GITHUB_ENV\"", startScript, StringComparison.Ordinal);
    }

    /// <summary>Branch protection requires "CI result" only: a job it does not wait for could fail unnoticed.</summary>
    [Fact]
    public void ResultJob_Needs_EveryOtherJobAndFailsUnlessEachSucceededOrWasSkipped()
    {
        var result = ci.Job("result");

        Assert.Equal("always()", result.Condition);
        Assert.Equal(ci.Jobs.Where(job => job.Id != "result").Select(job => job.Id).Order(StringComparer.Ordinal), result.Needs.Order(StringComparer.Ordinal));
        var check = Assert.Single(result.Steps);
        Assert.Contains("success | skipped", check.Run, StringComparison.Ordinal);
        Assert.Contains("exit 1", check.Run, StringComparison.Ordinal);
    }
}
