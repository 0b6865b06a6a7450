using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>No stored cloud credentials, OIDC where Azure is used, least-privilege tokens, pinned actions.</summary>
public sealed class WorkflowSecurityTests
{
    /// <summary>Breaks every rule of <see cref="WorkflowPolicy"/> once, so each rule is shown to report what it looks for.</summary>
    private const string StoredCredentialWorkflow = """
        name: Old deploy
        on: push
        permissions:
          contents: write
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

    private static IEnumerable<string> Findings(WorkflowFile file) =>
        [
            .. WorkflowPolicy.CloudCredentialFindings(file),
            .. WorkflowPolicy.MissingIdTokenFindings(file),
            .. WorkflowPolicy.UnpinnedActionFindings(file),
            .. file.Jobs.Count > 0 ? WorkflowPolicy.TopLevelPermissionFindings(file) : [],
        ];

    [Fact]
    public void Policy_WorkflowsAndActions_HaveNoFindings()
    {
        var findings = WorkflowFile.AllWithActions().SelectMany(Findings).ToList();

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public void Policy_WorkflowWithStoredCredentials_IsReportedByEveryRule()
    {
        var file = WorkflowFile.Parse("old.yml", StoredCredentialWorkflow);

        var credentials = WorkflowPolicy.CloudCredentialFindings(file);
        Assert.Contains(credentials, finding => finding.Contains("'AZURE_CREDENTIALS'", StringComparison.Ordinal));
        Assert.Contains(credentials, finding => finding.Contains("'AZURE_CLIENT_SECRET'", StringComparison.Ordinal));
        Assert.Contains(credentials, finding => finding.Contains("passes 'creds'", StringComparison.Ordinal));
        Assert.Contains(credentials, finding => finding.Contains("'--password'", StringComparison.Ordinal));
        Assert.Equal(["old.yml:deploy signs in to Azure but its token lacks 'id-token: write'."], WorkflowPolicy.MissingIdTokenFindings(file));
        Assert.Equal(["old.yml uses 'some/action@main', which is not pinned to a version tag (vN, vN.N.N) or a commit SHA."], WorkflowPolicy.UnpinnedActionFindings(file));
        Assert.Single(WorkflowPolicy.TopLevelPermissionFindings(file));
    }

    /// <summary>id-token: write lets a job ask Entra ID for a token: exactly the jobs that sign in (directly or in the local action) get it.</summary>
    [Fact]
    public void IdTokenWrite_Jobs_AreExactlyTheJobsThatSignInToAzure()
    {
        var jobs = WorkflowFile.All().SelectMany(file => file.Jobs).ToList();
        string[] signingIn = ["deploy.yml:dev", "deploy.yml:staging", "deploy.yml:prod", "rollback.yml:rollback", "rotate-host-key.yml:rotate"];

        Assert.Equal(signingIn, jobs.Where(job => job.LogsInToAzure()).Select(job => job.ToString()));
        Assert.Equal(signingIn, jobs.Where(job => job.HasPermission("id-token", "write")).Select(job => job.ToString()));
    }

    [Fact]
    public void WriteScopes_AcrossWorkflows_OnlyTheReleaseJobWritesContents()
    {
        var writers = WorkflowFile.All()
            .SelectMany(file => file.Jobs)
            .Where(job => job.EffectivePermissions is YamlMappingNode permissions
                && permissions.Children.Any(entry => YamlNodes.Text(entry.Key) != "id-token" && YamlNodes.Text(entry.Value) == "write"))
            .Select(job => $"{job} ({WorkflowPolicy.Describe(job.EffectivePermissions)})");

        Assert.Equal(["deploy.yml:release (contents: write)"], writers);
    }

    [Fact]
    public void Checkout_EveryJob_DoesNotPersistTheToken()
    {
        var persisting = WorkflowFile.All()
            .SelectMany(file => file.Jobs.SelectMany(job => job.Steps.Select(step => (job, step))))
            .Where(pair => pair.step.UsesAction("actions/checkout") && pair.step.Input("persist-credentials") != "false")
            .Select(pair => pair.job.ToString());

        Assert.Empty(persisting);
    }

    /// <summary>Each stage job signs in as its own environment's identity, through federated credentials only.</summary>
    [Fact]
    public void AzdStageAction_EveryCaller_SignsInWithItsEnvironmentsFederatedIdentity()
    {
        var steps = WorkflowFile.Load(RepoPaths.Combine(".github", "actions", "azd-stage", "action.yml")).CompositeSteps();
        var azdLogin = Assert.Single(steps, step => step.RunContains("azd auth login"));
        var azLogin = Assert.Single(steps, step => step.UsesAction("azure/login"));
        var callers = WorkflowFile.All()
            .SelectMany(file => file.Jobs)
            .SelectMany(job => job.Steps.Where(step => step.Uses == "./.github/actions/azd-stage").Select(step => (job, step)))
            .ToList();

        Assert.Contains("--federated-credential-provider github", azdLogin.Run, StringComparison.Ordinal);
        Assert.Equal("${{ inputs.client-id }}", YamlNodes.Scalar(azdLogin.Env, "AZURE_CLIENT_ID"));
        Assert.Equal("${{ inputs.client-id }}", azLogin.Input("client-id"));
        Assert.Equal(5, callers.Count);
        Assert.All(callers, caller =>
        {
            Assert.NotNull(caller.job.EnvironmentName);
            Assert.Equal("${{ vars.AZURE_CLIENT_ID }}", caller.step.Input("client-id"));
            Assert.Equal(caller.job.EnvironmentName, caller.step.Input("expected-stage"));
        });
    }
}
