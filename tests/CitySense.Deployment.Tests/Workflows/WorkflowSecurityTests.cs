using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>No stored cloud credentials, OIDC where Azure is used, least-privilege tokens, pinned actions.</summary>
public sealed class WorkflowSecurityTests
{
    private const string StoredCredentialWorkflow = """
        name: Old deploy
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: azure/login@v3
                with:
                  creds: ${{ secrets.AZURE_CREDENTIALS }}
              - run: az login --service-principal -u "$ID" --password "${{ secrets.AZURE_CLIENT_SECRET }}" --tenant "$T"
              - uses: some/action@main
        """;

    public static TheoryData<string> WorkflowNames()
    {
        var names = new TheoryData<string>();
        foreach (var path in WorkflowFile.WorkflowPaths())
        {
            names.Add(Path.GetFileName(path));
        }

        return names;
    }

    /// <summary>The workflows and the local composite actions they use.</summary>
    private static IEnumerable<WorkflowFile> WorkflowsAndActions()
    {
        var workflows = WorkflowFile.All();
        var actions = workflows
            .SelectMany(WorkflowPolicy.AllSteps)
            .Select(step => step.Uses)
            .OfType<string>()
            .Where(uses => uses.StartsWith("./", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(uses => new WorkflowStep(new YamlDotNet.RepresentationModel.YamlMappingNode { { "uses", uses } }).LocalAction()!);
        return workflows.Concat(actions);
    }

    [Fact]
    public void Workflows_Directory_HasCiDeployAndRollback()
    {
        var names = WorkflowFile.WorkflowPaths().Select(Path.GetFileName).ToList();

        Assert.Contains("ci.yml", names);
        Assert.Contains("deploy.yml", names);
        Assert.Contains("rollback.yml", names);
    }

    [Fact]
    public void CloudCredentialFindings_WorkflowsAndActions_FindNoStoredCloudCredential()
    {
        var findings = WorkflowsAndActions().SelectMany(WorkflowPolicy.CloudCredentialFindings).ToList();

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void CloudCredentialFindings_WorkflowWithStoredCredentials_ReportsEachOne()
    {
        var findings = WorkflowPolicy.CloudCredentialFindings(WorkflowFile.Parse("old.yml", StoredCredentialWorkflow));

        Assert.Contains(findings, finding => finding.Contains("'AZURE_CREDENTIALS'", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("'AZURE_CLIENT_SECRET'", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("passes 'creds'", StringComparison.Ordinal));
        Assert.Contains(findings, finding => finding.Contains("'--password'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void MissingIdTokenFindings_Workflow_EveryAzureSignInHasIdTokenWrite(string workflowName)
    {
        var findings = WorkflowPolicy.MissingIdTokenFindings(WorkflowFile.Named(workflowName));

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void MissingIdTokenFindings_SignInWithoutIdToken_ReportsTheJob()
    {
        var findings = WorkflowPolicy.MissingIdTokenFindings(WorkflowFile.Parse("old.yml", StoredCredentialWorkflow));

        Assert.Equal(["old.yml:deploy signs in to Azure but its token lacks 'id-token: write'."], findings);
    }

    [Fact]
    public void LogsInToAzure_DeployAndRollbackJobs_AreDetectedThroughTheLocalAction()
    {
        var signingIn = WorkflowFile.All()
            .SelectMany(file => file.Jobs)
            .Where(job => job.LogsInToAzure())
            .Select(job => job.ToString())
            .ToList();

        Assert.Equal(["deploy.yml:dev", "deploy.yml:staging", "deploy.yml:prod", "rollback.yml:rollback"], signingIn);
    }

    [Fact]
    public void IdTokenWrite_JobsThatDoNotSignIn_AreNotGrantedIt()
    {
        var overGranted = WorkflowFile.All()
            .SelectMany(file => file.Jobs)
            .Where(job => job.HasPermission("id-token", "write") && !job.LogsInToAzure())
            .Select(job => job.ToString())
            .ToList();

        Assert.Empty(overGranted);
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void TopLevelPermissions_Workflow_AreContentsReadOnly(string workflowName)
    {
        var findings = WorkflowPolicy.TopLevelPermissionFindings(WorkflowFile.Named(workflowName));

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void TopLevelPermissions_MissingOrBroad_AreReported()
    {
        var missing = WorkflowPolicy.TopLevelPermissionFindings(WorkflowFile.Parse("a.yml", "on: push\njobs: {}\n"));
        var broad = WorkflowPolicy.TopLevelPermissionFindings(
            WorkflowFile.Parse("b.yml", "on: push\npermissions:\n  contents: read\n  id-token: write\njobs: {}\n"));

        Assert.Single(missing);
        Assert.Single(broad);
    }

    [Fact]
    public void WriteScopes_AcrossWorkflows_OnlyTheReleaseJobWritesContents()
    {
        var writers = WorkflowFile.All()
            .SelectMany(file => file.Jobs)
            .Where(job => job.EffectivePermissions is YamlDotNet.RepresentationModel.YamlMappingNode permissions
                && permissions.Children.Any(entry => YamlNodes.Text(entry.Key) != "id-token" && YamlNodes.Text(entry.Value) == "write"))
            .Select(job => $"{job} ({WorkflowPolicy.Describe(job.EffectivePermissions)})")
            .ToList();

        Assert.Equal(["deploy.yml:release (contents: write)"], writers);
    }

    [Fact]
    public void UnpinnedActionFindings_WorkflowsAndActions_EveryActionHasAVersion()
    {
        var findings = WorkflowsAndActions().SelectMany(WorkflowPolicy.UnpinnedActionFindings).ToList();

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void UnpinnedActionFindings_BranchReference_IsReported()
    {
        var findings = WorkflowPolicy.UnpinnedActionFindings(WorkflowFile.Parse("old.yml", StoredCredentialWorkflow));

        Assert.Equal(["old.yml uses 'some/action@main', which is not pinned to a version tag (vN, vN.N.N) or a commit SHA."], findings);
    }

    [Fact]
    public void Checkout_EveryJob_DoesNotPersistTheToken()
    {
        var persisting = WorkflowFile.All()
            .SelectMany(file => file.Jobs.SelectMany(job => job.Steps.Select(step => (job, step))))
            .Where(pair => pair.step.UsesAction("actions/checkout") && pair.step.Input("persist-credentials") != "false")
            .Select(pair => pair.job.ToString())
            .ToList();

        Assert.Empty(persisting);
    }

    [Fact]
    public void AzdStageAction_SignIn_UsesFederatedCredentialsFromInputs()
    {
        var action = WorkflowFile.Load(RepoPaths.Combine(".github", "actions", "azd-stage", "action.yml"));
        var steps = action.CompositeSteps();

        var azdLogin = Assert.Single(steps, step => step.RunContains("azd auth login"));
        Assert.Contains("--federated-credential-provider github", azdLogin.Run, StringComparison.Ordinal);
        Assert.Contains("--client-id \"$AZURE_CLIENT_ID\"", azdLogin.Run, StringComparison.Ordinal);
        Assert.Contains("--tenant-id \"$AZURE_TENANT_ID\"", azdLogin.Run, StringComparison.Ordinal);
        Assert.Equal("${{ inputs.client-id }}", YamlNodes.Scalar(azdLogin.Env, "AZURE_CLIENT_ID"));

        var azLogin = Assert.Single(steps, step => step.UsesAction("azure/login"));
        Assert.Equal("${{ inputs.client-id }}", azLogin.Input("client-id"));
        Assert.Equal("${{ inputs.tenant-id }}", azLogin.Input("tenant-id"));
        Assert.Equal("${{ inputs.subscription-id }}", azLogin.Input("subscription-id"));
        Assert.Contains(steps, step => step.UsesAction("Azure/setup-azd"));
    }

    [Fact]
    public void AzdStageAction_Callers_PassTheEnvironmentVariablesNotSecrets()
    {
        var callers = WorkflowFile.All()
            .SelectMany(file => file.Jobs)
            .SelectMany(job => job.Steps.Where(step => step.Uses == "./.github/actions/azd-stage").Select(step => (job, step)))
            .ToList();

        Assert.Equal(4, callers.Count);
        foreach (var (job, step) in callers)
        {
            Assert.True(job.EnvironmentName is not null, $"{job} uses the stage's variables but has no environment.");
            Assert.Equal("${{ vars.AZURE_CLIENT_ID }}", step.Input("client-id"));
            Assert.Equal("${{ vars.AZURE_TENANT_ID }}", step.Input("tenant-id"));
            Assert.Equal("${{ vars.AZURE_SUBSCRIPTION_ID }}", step.Input("subscription-id"));
            Assert.Equal("${{ vars.AZURE_ENV_NAME }}", step.Input("environment-name"));
            Assert.Equal("${{ vars.AZURE_LOCATION }}", step.Input("location"));
            Assert.Equal("${{ vars.CITYSENSE_STAGE }}", step.Input("stage"));
            Assert.Equal("${{ vars.CITYSENSE_OPERATOR_EMAIL }}", step.Input("operator-email"));
            Assert.Equal(job.EnvironmentName, step.Input("expected-stage"));
        }
    }
}
