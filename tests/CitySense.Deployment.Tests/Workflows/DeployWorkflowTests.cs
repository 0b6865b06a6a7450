using System.Text.RegularExpressions;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>deploy.yml: one build, one artifact promoted dev → staging → prod with OIDC, smoke tests and releases.</summary>
public sealed partial class DeployWorkflowTests
{
    private static readonly string[] Stages = ["dev", "staging", "prod"];

    /// <summary>Values azd itself puts in every environment: `azd env new` and the signed-in principal.</summary>
    private static readonly string[] ProvidedByAzd = ["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_SUBSCRIPTION_ID", "AZURE_PRINCIPAL_ID", "AZURE_PRINCIPAL_TYPE"];

    private readonly WorkflowFile deploy = WorkflowFile.Named("deploy.yml");

    private WorkflowJob StageJob(string stage) =>
        Assert.Single(deploy.Jobs, job => job.EnvironmentName == stage);

    private WorkflowJob BuildJob() =>
        Assert.Single(deploy.Jobs, job => job.Steps.Any(step => step.UsesAction("actions/upload-artifact")));

    [Fact]
    public void WorkflowRunTrigger_SuccessfulCiOnMain_StartsTheDeployment()
    {
        var workflowRun = YamlNodes.Mapping(deploy.Triggers, "workflow_run");

        Assert.Equal([WorkflowFile.Named("ci.yml").DisplayName!], YamlNodes.Strings(workflowRun, "workflows"));
        Assert.Equal(["completed"], YamlNodes.Strings(workflowRun, "types"));
        Assert.Equal(["main"], YamlNodes.Strings(workflowRun, "branches"));
        Assert.Null(YamlNodes.Child(deploy.Triggers, "push"));
        Assert.Null(YamlNodes.Child(deploy.Triggers, "pull_request"));

        var condition = BuildJob().Condition ?? string.Empty;
        Assert.Contains("github.event.workflow_run.conclusion == 'success'", condition, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.event == 'push'", condition, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.head_repository.full_name == github.repository", condition, StringComparison.Ordinal);
    }

    [Fact]
    public void DispatchTrigger_StageInput_OffersTheThreeStages()
    {
        var stage = YamlNodes.Mapping(YamlNodes.Mapping(YamlNodes.Mapping(deploy.Triggers, "workflow_dispatch"), "inputs"), "stage");

        Assert.Equal("choice", YamlNodes.Scalar(stage, "type"));
        Assert.Equal(Stages, YamlNodes.Strings(stage, "options"));
    }

    [Fact]
    public void ProdJob_Environment_IsProdAndFollowsStagingWhichFollowsDev()
    {
        var dev = StageJob("dev");
        var staging = StageJob("staging");
        var prod = StageJob("prod");

        var build = BuildJob().Id;

        Assert.Equal("prod", prod.EnvironmentName);
        Assert.Equal([build, staging.Id], prod.Needs);
        Assert.Equal([build, dev.Id], staging.Needs);
        Assert.Equal([build], dev.Needs);
    }

    [Fact]
    public void StageJobs_Conditions_RespectTheDispatchedStage()
    {
        Assert.Null(StageJob("dev").Condition);
        Assert.Equal("github.event_name == 'workflow_run' || inputs.stage != 'dev'", StageJob("staging").Condition);
        Assert.Equal("github.event_name == 'workflow_run' || inputs.stage == 'prod'", StageJob("prod").Condition);
    }

    [Fact]
    public void BuildJob_Package_IsPublishedOnceAndUploadedAsTheOnlyArtifact()
    {
        var build = BuildJob();

        Assert.Contains(build.Steps, step => step.RunContains("dotnet publish src/CitySense.Functions -c Release"));
        var upload = Assert.Single(build.Steps, step => step.UsesAction("actions/upload-artifact"));
        Assert.Equal("${{ env.ARTIFACT_NAME }}", upload.Input("name"));
        Assert.Equal("citysense-api", YamlNodes.Scalar(YamlNodes.Mapping(deploy.Root, "env"), "ARTIFACT_NAME"));
        Assert.Equal("error", upload.Input("if-no-files-found"));
        Assert.True(int.Parse(upload.Input("retention-days")!, System.Globalization.CultureInfo.InvariantCulture) >= 30);
        Assert.False(build.HasPermission("id-token", "write"), "The build job needs no Azure access.");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("prod")]
    public void StageJob_Package_IsTheBuildJobsArtifactNeverARebuild(string stage)
    {
        var job = StageJob(stage);
        var upload = Assert.Single(BuildJob().Steps, step => step.UsesAction("actions/upload-artifact"));

        var download = Assert.Single(job.Steps, step => step.UsesAction("actions/download-artifact"));
        Assert.Equal(upload.Input("name"), download.Input("name"));
        Assert.Null(download.Input("run-id"));
        Assert.DoesNotContain(job.Steps, step => step.RunContains("dotnet publish") || step.RunContains("dotnet build") || step.RunContains("azd package"));
        Assert.Contains(job.Steps, step => step.RunContains("sha256sum --check"));
        var checkout = Assert.Single(job.Steps, step => step.UsesAction("actions/checkout"));
        Assert.Equal("${{ needs.build.outputs.sha }}", checkout.Input("ref"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("prod")]
    public void StageJob_Steps_SignInProvisionDeployThePackageThenSmokeTest(string stage)
    {
        var job = StageJob(stage);

        var signIn = job.IndexOfStep(step => step.Uses == "./.github/actions/azd-stage");
        var provision = job.IndexOfStep(step => step.Run == "azd provision --no-prompt");
        var deployPackage = job.IndexOfStep(step => step.Run == "azd deploy api --from-package \"dist/$PACKAGE_FILE\" --no-prompt");
        var smoke = job.IndexOfStep(step => step.Run == "scripts/smoke-test.sh");

        Assert.True(signIn >= 0, $"{job} does not sign in.");
        Assert.True(provision > signIn, $"{job} does not provision after signing in.");
        Assert.True(deployPackage > provision, $"{job} does not deploy the prebuilt package after provisioning.");
        Assert.True(smoke > deployPackage, $"{job} does not smoke-test after deploying.");
        Assert.Equal("smoke", job.Steps[smoke].Id);
        Assert.DoesNotContain(job.Steps, step => step.Condition is not null);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("prod")]
    public void StageJob_Permissions_AreIdTokenWriteAndContentsRead(string stage)
    {
        var permissions = YamlNodes.Mapping(StageJob(stage).Mapping, "permissions");

        Assert.Equal("write", YamlNodes.Scalar(permissions, "id-token"));
        Assert.Equal("read", YamlNodes.Scalar(permissions, "contents"));
        Assert.Equal(2, permissions!.Children.Count);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("prod")]
    public void StageJob_Concurrency_QueuesDeploymentsOfTheSameStage(string stage)
    {
        var concurrency = YamlNodes.Mapping(StageJob(stage).Mapping, "concurrency");

        Assert.Equal($"citysense-deploy-{stage}", YamlNodes.Scalar(concurrency, "group"));
        Assert.Equal("false", YamlNodes.Scalar(concurrency, "cancel-in-progress"));
    }

    [Fact]
    public void ReleaseJob_AfterProd_KeepsThePackageAsAReleaseAsset()
    {
        var release = Assert.Single(deploy.Jobs, job => job.Steps.Any(step => step.RunContains("gh release create")));

        Assert.Contains(StageJob("prod").Id, release.Needs);
        Assert.True(release.HasPermission("contents", "write"));
        Assert.False(release.HasPermission("id-token", "write"));
        var create = Assert.Single(release.Steps, step => step.RunContains("gh release create"));
        Assert.Contains("\"dist/$PACKAGE_FILE\"", create.Run, StringComparison.Ordinal);
        Assert.Contains("tag=\"prod-", create.Run, StringComparison.Ordinal);
        Assert.Equal("${{ github.token }}", YamlNodes.Scalar(create.Env, "GH_TOKEN"));
    }

    [Fact]
    public void Rollback_Dispatch_RedeploysAnEarlierPackageToTheChosenStage()
    {
        var rollback = WorkflowFile.Named("rollback.yml");
        var inputs = YamlNodes.Mapping(YamlNodes.Mapping(rollback.Triggers, "workflow_dispatch"), "inputs");
        var job = Assert.Single(rollback.Jobs);

        Assert.Equal(Stages, YamlNodes.Strings(YamlNodes.Mapping(inputs, "stage"), "options"));
        Assert.NotNull(YamlNodes.Mapping(inputs, "run-id"));
        Assert.NotNull(YamlNodes.Mapping(inputs, "release-tag"));
        Assert.Equal("${{ inputs.stage }}", job.EnvironmentName);
        Assert.Equal("citysense-deploy-${{ inputs.stage }}", YamlNodes.Scalar(YamlNodes.Mapping(job.Mapping, "concurrency"), "group"));
        Assert.True(job.HasPermission("actions", "read"), "Downloading another run's artifact needs actions: read.");

        var download = Assert.Single(job.Steps, step => step.UsesAction("actions/download-artifact"));
        Assert.Equal("${{ inputs.run-id }}", download.Input("run-id"));
        Assert.Equal("${{ github.token }}", download.Input("github-token"));
        Assert.Contains(job.Steps, step => step.RunContains("gh release download \"$RELEASE_TAG\""));

        var refresh = job.IndexOfStep(step => step.Run == "azd env refresh --no-prompt");
        var redeploy = job.IndexOfStep(step => step.Run == "azd deploy api --from-package \"dist/$PACKAGE_FILE\" --no-prompt");
        var smoke = job.IndexOfStep(step => step.Run == "scripts/smoke-test.sh");
        Assert.True(refresh >= 0 && redeploy > refresh && smoke > redeploy, "Rollback must refresh, redeploy, then smoke-test.");
        Assert.DoesNotContain(job.Steps, step => step.RunContains("azd provision"));
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
            $"bicep/main.parameters.json reads ${{{name}}}, which .github/actions/azd-stage/action.yml never sets: " +
            "add a GitHub environment variable, pass it to the action and `azd env set` it there."));
        Assert.Contains("CITYSENSE_STAGE", setByAction);
    }

    [Fact]
    public void ArtifactNames_DeployAndRollback_Agree()
    {
        var rollback = WorkflowFile.Named("rollback.yml");

        foreach (var name in new[] { "ARTIFACT_NAME", "PACKAGE_FILE" })
        {
            Assert.Equal(
                YamlNodes.Scalar(YamlNodes.Mapping(deploy.Root, "env"), name),
                YamlNodes.Scalar(YamlNodes.Mapping(rollback.Root, "env"), name));
        }
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z][A-Z0-9_]*)(=[^}]*)?\}")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"azd env set (?<name>[A-Z][A-Z0-9_]*) ")]
    private static partial Regex AzdEnvSet();
}
