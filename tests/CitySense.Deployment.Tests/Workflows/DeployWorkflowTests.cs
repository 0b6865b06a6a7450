using System.Text.RegularExpressions;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>deploy.yml and rollback.yml: one build, one artifact promoted dev → staging → prod with OIDC, smoke tests and releases.</summary>
public sealed partial class DeployWorkflowTests
{
    /// <summary>Values azd itself puts in every environment: `azd env new` and the signed-in principal.</summary>
    private static readonly string[] ProvidedByAzd = ["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_SUBSCRIPTION_ID", "AZURE_PRINCIPAL_ID", "AZURE_PRINCIPAL_TYPE"];

    private readonly WorkflowFile deploy = WorkflowFile.Named("deploy.yml");

    public static TheoryData<string> Stages => ["dev", "staging", "prod"];

    private WorkflowJob StageJob(string stage) => Assert.Single(deploy.Jobs, job => job.EnvironmentName == stage);

    private WorkflowJob BuildJob() => Assert.Single(deploy.Jobs, job => job.Steps.Any(step => step.RunContains("dotnet publish")));

    /// <summary>Only a successful CI run of a push to this repository deploys: never a pull request, even from a fork's main.</summary>
    [Fact]
    public void Trigger_SuccessfulCiOfAPushToMain_IsTheOnlyAutomaticStart()
    {
        var workflowRun = YamlNodes.Mapping(deploy.Triggers, "workflow_run");

        Assert.Equal([WorkflowFile.Named("ci.yml").DisplayName!], YamlNodes.Strings(workflowRun, "workflows"));
        Assert.Equal(["main"], YamlNodes.Strings(workflowRun, "branches"));
        Assert.Equal(["workflow_dispatch", "workflow_run"], deploy.Triggers!.Children.Keys.Select(YamlNodes.Text).Order(StringComparer.Ordinal));
        var condition = BuildJob().Condition ?? string.Empty;
        Assert.Contains("github.event.workflow_run.conclusion == 'success'", condition, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.event == 'push'", condition, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.head_repository.full_name == github.repository", condition, StringComparison.Ordinal);
    }

    [Fact]
    public void StageJobs_Needs_PromoteDevThenStagingThenProd()
    {
        var build = BuildJob().Id;

        Assert.Equal([build], StageJob("dev").Needs);
        Assert.Equal([build, StageJob("dev").Id], StageJob("staging").Needs);
        Assert.Equal([build, StageJob("staging").Id], StageJob("prod").Needs);
        Assert.Null(StageJob("dev").Condition);
        Assert.Equal("github.event_name == 'workflow_run' || inputs.stage != 'dev'", StageJob("staging").Condition);
        Assert.Equal("github.event_name == 'workflow_run' || inputs.stage == 'prod'", StageJob("prod").Condition);
    }

    [Fact]
    public void BuildJob_Package_IsPublishedOnceAndUploadedAsTheOnlyArtifact()
    {
        var build = BuildJob();

        Assert.Single(deploy.Jobs.SelectMany(job => job.Steps), step => step.RunContains("dotnet publish"));
        Assert.Contains(build.Steps, step => step.RunContains("dotnet publish src/CitySense.Functions -c Release"));
        var upload = Assert.Single(build.Steps, step => step.UsesAction("actions/upload-artifact"));
        Assert.Equal("${{ env.ARTIFACT_NAME }}", upload.Input("name"));
        Assert.Single(deploy.Jobs.SelectMany(job => job.Steps), step => step.UsesAction("actions/upload-artifact") && step.Input("name") == "${{ env.ARTIFACT_NAME }}");
        Assert.Equal("error", upload.Input("if-no-files-found"));
        Assert.True(int.Parse(upload.Input("retention-days")!, System.Globalization.CultureInfo.InvariantCulture) >= 30);
    }

    /// <summary>
    /// The one package every stage runs is ReadyToRun for Flex Consumption's Linux x64 workers and framework-dependent
    /// (the Functions host provides the .NET runtime): precompiled code shortens every cold start.
    /// </summary>
    [Fact]
    public void BuildJob_Publish_ReadyToRunForLinuxX64FrameworkDependent()
    {
        var publish = Assert.Single(BuildJob().Steps, step => step.RunContains("dotnet publish"));
        var arguments = publish.Run!.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("linux-x64", arguments[Array.IndexOf(arguments, "-r") + 1]);
        Assert.Equal("false", arguments[Array.IndexOf(arguments, "--self-contained") + 1]);
        Assert.Contains("-p:PublishReadyToRun=true", arguments);
        Assert.DoesNotContain(arguments, argument => argument.StartsWith("-p:PublishReadyToRun=false", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void StageJob_Package_IsTheBuildJobsArtifactNeverARebuild(string stage)
    {
        var job = StageJob(stage);

        var download = Assert.Single(job.Steps, step => step.UsesAction("actions/download-artifact"));
        Assert.Equal("${{ env.ARTIFACT_NAME }}", download.Input("name"));
        Assert.Null(download.Input("run-id"));
        Assert.DoesNotContain(job.Steps, step => step.RunContains("dotnet publish") || step.RunContains("dotnet build") || step.RunContains("azd package"));
        Assert.Contains(job.Steps, step => step.RunContains("sha256sum --check"));
        Assert.Equal("${{ needs.build.outputs.sha }}", Assert.Single(job.Steps, step => step.UsesAction("actions/checkout")).Input("ref"));
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void StageJob_Steps_SignInProvisionDeployThePackageThenSmokeTest(string stage)
    {
        var job = StageJob(stage);

        var signIn = job.IndexOfStep(step => step.Uses == "./.github/actions/azd-stage");
        var provision = job.IndexOfStep(step => step.Run == "azd provision --no-prompt");
        var publishPortal = job.IndexOfStep(step => step.Run == "scripts/publish-portal.sh");
        var deployPackage = job.IndexOfStep(step => step.Run == "azd deploy api --from-package \"dist/$PACKAGE_FILE\" --no-prompt");
        var dotnet = job.IndexOfStep(step => step.UsesAction("actions/setup-dotnet"));
        var smoke = job.IndexOfStep(step => step.Run == "scripts/smoke-test.sh");

        Assert.True(signIn >= 0, $"{job} does not sign in.");
        Assert.True(provision > signIn, $"{job} does not provision after signing in.");
        Assert.True(publishPortal > provision, $"{job} does not publish the developer portal (best effort) after provisioning.");
        Assert.True(deployPackage > publishPortal, $"{job} does not deploy the prebuilt package after provisioning.");
        Assert.True(smoke > deployPackage && smoke > dotnet && dotnet > 0, $"{job} does not smoke-test (with the .NET SDK for the end-to-end suite) after deploying.");
        // Only the upload of the load test's results runs after a failure; every other step stops the stage.
        Assert.All(job.Steps.Where(step => step.Condition is not null), step =>
        {
            Assert.Equal("${{ !cancelled() }}", step.Condition);
            Assert.True(step.UsesAction("actions/upload-artifact"), $"{job}: only an upload of results may run after a failure ({step}).");
        });
        Assert.Equal($"citysense-deploy-{stage}", YamlNodes.Scalar(YamlNodes.Mapping(job.Mapping, "concurrency"), "group"));
        Assert.Equal("false", YamlNodes.Scalar(YamlNodes.Mapping(job.Mapping, "concurrency"), "cancel-in-progress"));
    }

    /// <summary>
    /// Staging is load-tested through API Management after its smoke test, with the same script developers run against
    /// the DevHost: bounded in requests and time, thresholds on error rate and p95 that fail the job (and so the
    /// promotion to prod), and the results uploaded whatever the outcome.
    /// </summary>
    [Fact]
    public void StagingJob_AfterTheSmokeTest_LoadTestsThroughTheGatewayWithThresholdsAndUploadsTheResults()
    {
        var job = StageJob("staging");

        var smoke = job.IndexOfStep(step => step.Run == "scripts/smoke-test.sh");
        var installHey = job.IndexOfStep(step => step.RunContains("apt-get install") && step.RunContains("hey"));
        var loadIndex = job.IndexOfStep(step => step.Run == "scripts/load-test.sh --stage");
        var uploadIndex = job.IndexOfStep(step => step.UsesAction("actions/upload-artifact"));
        Assert.True(smoke >= 0 && installHey > smoke && loadIndex > installHey && uploadIndex > loadIndex, $"{job}: smoke test, hey, load test, upload, in that order.");

        var load = job.Steps[loadIndex];
        Assert.Null(load.Condition);
        double Setting(string name) => double.Parse(YamlNodes.Scalar(load.Env, name)!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Setting("LOAD_REQUESTS"), 100, 5000);
        Assert.InRange(Setting("LOAD_MAX_SECONDS"), 30, 600);
        Assert.InRange(Setting("LOAD_MAX_ERROR_RATE"), 0, 0.05);
        Assert.InRange(Setting("LOAD_MAX_P95_MS"), 1, 5000);
        // Paced under the operator key's rate limit in staging (calls per period / seconds per period).
        var staging = RepoPaths.ReadJson("bicep", "stages", "staging.settings.json").GetProperty("operatorProduct");
        Assert.True(Setting("LOAD_RATE") > 0);
        Assert.True(Setting("LOAD_RATE") < staging.GetProperty("callsPerPeriod").GetDouble() / staging.GetProperty("renewalPeriodSeconds").GetDouble());

        var upload = job.Steps[uploadIndex];
        Assert.Equal("${{ !cancelled() }}", upload.Condition);
        Assert.Equal(YamlNodes.Scalar(load.Env, "LOAD_RESULTS") + "/", upload.Input("path"));
        Assert.Equal("load-test-staging", upload.Input("name"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void StageJob_OtherThanStaging_NoLoadTest(string stage)
    {
        Assert.DoesNotContain(StageJob(stage).Steps, step => step.RunContains("load-test.sh"));
    }

    /// <summary>
    /// A new Developer-tier API Management takes 30-45 minutes to create, then come the deployment and the
    /// smoke test with the end-to-end suite: a stage job that times out earlier fails every first deployment.
    /// </summary>
    [Theory]
    [MemberData(nameof(Stages))]
    public void StageJob_Timeout_FitsAFirstProvisionPlusDeployAndSmokeTest(string stage)
    {
        var timeout = int.Parse(YamlNodes.Scalar(StageJob(stage).Mapping, "timeout-minutes")!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(timeout >= 90, $"{stage} times out after {timeout} minutes.");
    }

    /// <summary>Keys rotate only on purpose: a manual run per stage, in its environment, queued with its deployments, smoke-tested after.</summary>
    [Fact]
    public void RotateHostKey_Dispatch_RotatesWithoutProvisioningThenSmokeTests()
    {
        var rotate = WorkflowFile.Named("rotate-host-key.yml");
        var job = Assert.Single(rotate.Jobs);

        Assert.Equal(["workflow_dispatch"], rotate.Triggers!.Children.Keys.Select(YamlNodes.Text));
        Assert.Equal("${{ inputs.stage }}", job.EnvironmentName);
        Assert.Equal("citysense-deploy-${{ inputs.stage }}", YamlNodes.Scalar(YamlNodes.Mapping(job.Mapping, "concurrency"), "group"));
        var refresh = job.IndexOfStep(step => step.Run == "azd env refresh --no-prompt");
        var rotation = job.IndexOfStep(step => step.Run == "scripts/rotate-host-key.sh --yes");
        var smoke = job.IndexOfStep(step => step.Run == "scripts/smoke-test.sh");
        Assert.True(refresh >= 0 && rotation > refresh && smoke > rotation, "Rotation must refresh the outputs, rotate, then smoke-test.");
        Assert.DoesNotContain(job.Steps, step => step.RunContains("azd provision") || step.RunContains("azd deploy"));
    }

    [Fact]
    public void ReleaseJob_AfterProd_KeepsThePackageAsAReleaseAsset()
    {
        var release = Assert.Single(deploy.Jobs, job => job.Steps.Any(step => step.RunContains("gh release create")));
        var create = Assert.Single(release.Steps, step => step.RunContains("gh release create"));

        Assert.Contains(StageJob("prod").Id, release.Needs);
        Assert.Contains("\"dist/$PACKAGE_FILE\"", create.Run, StringComparison.Ordinal);
        Assert.Contains("tag=\"prod-", create.Run, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_Dispatch_RedeploysAnEarlierPackageOfTheSameNameWithoutProvisioning()
    {
        var rollback = WorkflowFile.Named("rollback.yml");
        var job = Assert.Single(rollback.Jobs);

        Assert.Equal("${{ inputs.stage }}", job.EnvironmentName);
        Assert.Equal("citysense-deploy-${{ inputs.stage }}", YamlNodes.Scalar(YamlNodes.Mapping(job.Mapping, "concurrency"), "group"));
        Assert.Equal("${{ inputs.run-id }}", Assert.Single(job.Steps, step => step.UsesAction("actions/download-artifact")).Input("run-id"));
        Assert.Contains(job.Steps, step => step.RunContains("gh release download \"$RELEASE_TAG\""));
        var refresh = job.IndexOfStep(step => step.Run == "azd env refresh --no-prompt");
        var redeploy = job.IndexOfStep(step => step.Run == "azd deploy api --from-package \"dist/$PACKAGE_FILE\" --no-prompt");
        var smoke = job.IndexOfStep(step => step.Run == "scripts/smoke-test.sh");
        Assert.True(refresh >= 0 && redeploy > refresh && smoke > redeploy, "Rollback must refresh, redeploy, then smoke-test.");
        Assert.DoesNotContain(job.Steps, step => step.RunContains("azd provision"));
        foreach (var name in new[] { "ARTIFACT_NAME", "PACKAGE_FILE" })
        {
            Assert.Equal(YamlNodes.Scalar(YamlNodes.Mapping(deploy.Root, "env"), name), YamlNodes.Scalar(YamlNodes.Mapping(rollback.Root, "env"), name));
        }
    }

    [Fact]
    public void AzdStageAction_Environment_ProvidesEveryValueTheParametersFileReads()
    {
        var parameters = File.ReadAllText(RepoPaths.Combine("bicep", "main.parameters.json"));
        var action = WorkflowFile.Load(RepoPaths.Combine(".github", "actions", "azd-stage", "action.yml"));
        var setByAction = action.CompositeSteps()
            .SelectMany(step => AzdEnvSet().Matches(step.Run ?? string.Empty).Select(match => match.Groups["name"].Value))
            .Concat(ProvidedByAzd)
            .ToHashSet(StringComparer.Ordinal);

        var read = ParameterReference().Matches(parameters).Select(match => match.Groups["name"].Value).Distinct().ToList();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.True(
            setByAction.Contains(name),
            $"bicep/main.parameters.json reads ${{{name}}}, which .github/actions/azd-stage/action.yml never sets."));
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z][A-Z0-9_]*)(=[^}]*)?\}")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"azd env set (?<name>[A-Z][A-Z0-9_]*) ")]
    private static partial Regex AzdEnvSet();
}
