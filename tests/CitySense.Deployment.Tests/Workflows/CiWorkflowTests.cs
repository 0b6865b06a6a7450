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

    /// <summary>
    /// The host's storage and the webhook queues under func start: Azurite from tools/azurite-local (the version its
    /// lock file pins, the one the DevHost runs), in memory, on the ports UseDevelopmentStorage=true names, answering
    /// before the host starts.
    /// </summary>
    [Fact]
    public void FunctionsHostJob_BeforeTheHostStarts_RunsAzuriteOnTheDevelopmentStoragePorts()
    {
        var job = ci.Job("functions-host");
        var azurite = job.IndexOfStep(step => step.RunContains("tools/azurite-local/node_modules/.bin/azurite"));
        var start = job.IndexOfStep(step => step.RunContains("func start --port 7071"));
        Assert.True(azurite >= 0 && start > azurite, "Azurite does not start before the Functions host.");
        var script = job.Steps[azurite].Run!;

        Assert.Contains("npm ci --no-audit --no-fund --loglevel=error --prefix tools/azurite-local", script, StringComparison.Ordinal);
        Assert.True(File.Exists(Support.RepoPaths.Combine("tools", "azurite-local", "package-lock.json")), "npm ci needs tools/azurite-local/package-lock.json.");
        Assert.Contains("tools/azurite-local/package-lock.json", YamlNodes.Scalar(Assert.Single(job.Steps, step => step.UsesAction("actions/setup-node")).With, "cache-dependency-path"), StringComparison.Ordinal);
        foreach (var (service, port) in new[] { ("blob", 10000), ("queue", 10001), ("table", 10002) })
        {
            Assert.Contains($"--{service}Host 127.0.0.1 --{service}Port {port}", script, StringComparison.Ordinal);
            Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), script.Split("for port in ")[1].Split('\n')[0], StringComparison.Ordinal);
        }

        Assert.Contains("--inMemoryPersistence", script, StringComparison.Ordinal);
        Assert.Contains("--skipApiVersionCheck", script, StringComparison.Ordinal);
        Assert.Contains("deadline", script, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage: \"UseDevelopmentStorage=true\"", job.Steps[start].Run!, StringComparison.Ordinal);
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
