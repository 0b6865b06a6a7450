using System.Text.RegularExpressions;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>ci.yml: the developers' test command, both Cosmos paths, path filters, cancellation, results.</summary>
public sealed partial class CiWorkflowTests
{
    private const string EmulatorImage = "mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator";

    private readonly WorkflowFile ci = WorkflowFile.Named("ci.yml");

    [Fact]
    public void Triggers_PullRequestsAndPushesToMain_StartCi()
    {
        var triggers = ci.Triggers;

        Assert.Equal(["main"], YamlNodes.Strings(YamlNodes.Mapping(triggers, "pull_request"), "branches"));
        Assert.Equal(["main"], YamlNodes.Strings(YamlNodes.Mapping(triggers, "push"), "branches"));
    }

    [Fact]
    public void Concurrency_NewerRunOfTheSameRef_CancelsTheSupersededOne()
    {
        var concurrency = YamlNodes.Mapping(ci.Root, "concurrency");

        Assert.Equal("true", YamlNodes.Scalar(concurrency, "cancel-in-progress"));
        var group = YamlNodes.Scalar(concurrency, "group") ?? string.Empty;
        Assert.Contains("github.event.pull_request.number", group, StringComparison.Ordinal);
        Assert.Contains("github.ref", group, StringComparison.Ordinal);
    }

    [Fact]
    public void PushTrigger_DocsOnlyChange_StartsNoRunAndSoNoDeployment()
    {
        var ignored = YamlNodes.Strings(YamlNodes.Mapping(ci.Triggers, "push"), "paths-ignore");

        Assert.Contains("docs/**", ignored);
        Assert.Contains("**/*.md", ignored);
        Assert.DoesNotContain(ignored, path => path.StartsWith("src", StringComparison.Ordinal) || path.StartsWith("bicep", StringComparison.Ordinal));
    }

    [Fact]
    public void ChangesFilter_PullRequest_TreatsDocsAsNotCode()
    {
        var filter = Assert.Single(ci.Job("changes").Steps, step => step.UsesAction("dorny/paths-filter"));

        Assert.Equal("every", filter.Input("predicate-quantifier"));
        var code = filter.Input("filters") ?? string.Empty;
        Assert.Contains("\"**\"", code, StringComparison.Ordinal);
        Assert.Contains("\"!docs/**\"", code, StringComparison.Ordinal);
        Assert.Contains("\"!**/*.md\"", code, StringComparison.Ordinal);
        Assert.True(ci.Job("changes").HasPermission("pull-requests", "read"), "paths-filter reads the pull request's files through the API.");
    }

    [Theory]
    [InlineData("test")]
    [InlineData("cosmos-emulator")]
    public void TestJobs_DocsOnlyPullRequest_AreSkipped(string jobId)
    {
        var job = ci.Job(jobId);

        Assert.Contains("changes", job.Needs);
        Assert.Equal("needs.changes.outputs.code == 'true'", job.Condition);
    }

    [Fact]
    public void TestJob_Steps_RunTheRepositoryTestCommandAfterAWarningFreeBuild()
    {
        var job = ci.Job("test");

        var build = job.IndexOfStep(step => step.RunContains("dotnet build CitySense.sln") && step.RunContains("TreatWarningsAsErrors=true"));
        var test = job.IndexOfStep(step => step.Run?.Trim() == "scripts/test.sh");
        Assert.True(build >= 0, "The test job does not build the solution with warnings as errors.");
        Assert.True(test > build, "The test job does not run scripts/test.sh after the build.");
        Assert.Contains(job.Steps, step => step.UsesAction("actions/setup-dotnet") && step.Input("dotnet-version") is not null);
        Assert.Contains(job.Steps, step => step.UsesAction("actions/setup-node") && step.Input("cache") == "npm");
        Assert.DoesNotContain("COSMOS_ENDPOINT", job.Mapping.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test")]
    [InlineData("cosmos-emulator")]
    [InlineData("deploy.yml:build")]
    public void NuGetPackages_EveryDotnetJob_AreCached(string jobId)
    {
        var job = jobId.StartsWith("deploy.yml:", StringComparison.Ordinal)
            ? WorkflowFile.Named("deploy.yml").Job(jobId["deploy.yml:".Length..])
            : ci.Job(jobId);

        var cache = Assert.Single(job.Steps, step => step.UsesAction("actions/cache"));
        Assert.Equal("~/.nuget/packages", cache.Input("path"));
        Assert.Contains("hashFiles(", cache.Input("key"), StringComparison.Ordinal);
        Assert.Contains("Directory.Packages.props", cache.Input("key"), StringComparison.Ordinal);
    }

    [Fact]
    public void EmulatorJob_Service_IsTheOfficialLinuxEmulatorOnItsHttpsPort()
    {
        var job = ci.Job("cosmos-emulator");
        var service = Assert.Single(job.Services!.Children).Value as YamlDotNet.RepresentationModel.YamlMappingNode;

        Assert.StartsWith(EmulatorImage + ":", YamlNodes.Scalar(service, "image"), StringComparison.Ordinal);
        Assert.Contains("8081:8081", YamlNodes.Strings(service, "ports"));
        Assert.Equal("https://localhost:8081/", YamlNodes.Scalar(job.Env, "COSMOS_ENDPOINT"));
        Assert.Equal("true", YamlNodes.Scalar(job.Env, "COSMOS_ALLOW_INSECURE_LOCALHOST"));
        Assert.False(string.IsNullOrEmpty(YamlNodes.Scalar(job.Env, "COSMOS_KEY")));
    }

    [Fact]
    public void EmulatorJob_Steps_WaitForTheEmulatorThenRunTheIntegrationTests()
    {
        var job = ci.Job("cosmos-emulator");

        var wait = job.IndexOfStep(step => step.RunContains("https://localhost:8081/_explorer/emulator.pem"));
        var test = job.IndexOfStep(step => step.RunContains("dotnet test tests/CitySense.IntegrationTests"));
        Assert.True(wait >= 0, "The emulator job does not wait for the emulator.");
        Assert.True(test > wait, "The emulator job does not run the integration tests after the wait.");
        Assert.Contains("deadline", job.Steps[wait].Run, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test")]
    [InlineData("cosmos-emulator")]
    public void TestResults_EveryTestJob_UploadsThemEvenWhenTestsFail(string jobId)
    {
        var upload = Assert.Single(ci.Job(jobId).Steps, step => step.UsesAction("actions/upload-artifact"));

        Assert.Equal("${{ !cancelled() }}", upload.Condition);
        Assert.Equal("TestResults/", upload.Input("path"));
        Assert.StartsWith("test-results-", upload.Input("name"), StringComparison.Ordinal);
    }

    [Fact]
    public void TestResults_SuiteUpload_IsWhereTheTestCommandWritesThem()
    {
        var testCommand = File.ReadAllText(RepoPaths.Combine("scripts", "test.sh"));
        var upload = Assert.Single(ci.Job("test").Steps, step => step.UsesAction("actions/upload-artifact"));

        var directory = ResultsDirectory().Match(testCommand);
        Assert.True(directory.Success, "scripts/test.sh no longer names its results directory; update this test and the upload step.");
        Assert.Equal(directory.Groups["path"].Value.TrimEnd('/') + "/", upload.Input("path"));
        Assert.Contains("--logger \"trx\" --results-directory \"$results\"", testCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultJob_AnyJobFailedOrCancelled_Fails()
    {
        var result = ci.Job("result");

        Assert.Equal("always()", result.Condition);
        Assert.Equal(["changes", "test", "cosmos-emulator"], result.Needs);
        var check = Assert.Single(result.Steps);
        Assert.Contains("success | skipped", check.Run, StringComparison.Ordinal);
        Assert.Contains("exit 1", check.Run, StringComparison.Ordinal);
    }

    [Fact]
    public void Jobs_Permissions_NeverWrite()
    {
        var writers = ci.Jobs.Where(job => job.EffectivePermissions is YamlDotNet.RepresentationModel.YamlMappingNode map
            && map.Children.Any(entry => YamlNodes.Text(entry.Value) == "write")).Select(job => job.Id);

        Assert.Empty(writers);
    }

    [GeneratedRegex(@"^results=""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex ResultsDirectory();
}
