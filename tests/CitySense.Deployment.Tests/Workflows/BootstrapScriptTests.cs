using System.Text.RegularExpressions;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/bootstrap-github-oidc.sh against stand-ins for az and gh (see <see cref="BootstrapSandbox"/>):
/// what it asks Entra ID, Azure and GitHub to create, and that a second run creates nothing.
/// </summary>
public sealed partial class BootstrapScriptTests(FreshBootstrapRun fresh) : IClassFixture<FreshBootstrapRun>
{
    private const string Subscription = BootstrapSandbox.Subscription;
    private const string ContributorRole = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string RbacAdministratorRole = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
    private const string CosmosDataContributorRole = "00000000-0000-0000-0000-000000000002";

    private static readonly string[] Stages = ["dev", "staging", "prod"];

    [Fact]
    public async Task Bootstrap_Help_PrintsTheSubjectFormatAndExitsZero()
    {
        using var sandbox = new ScriptSandbox();

        var result = await BootstrapSandbox.RunAsync(sandbox, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("repo:OWNER/REPO:environment:<stage>", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("api://AzureADTokenExchange", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(sandbox.Calls);
    }

    [Theory]
    [InlineData(new[] { "--subscription", Subscription, "--location", "swedencentral", "--operator-email", "a@b.c" }, "--repo is required.")]
    [InlineData(new[] { "--repo", "contoso/citysense", "--location", "swedencentral", "--operator-email", "a@b.c" }, "--subscription is required.")]
    [InlineData(new[] { "--repo", "contoso", "--subscription", Subscription, "--location", "swedencentral", "--operator-email", "a@b.c" }, "--repo must look like OWNER/REPO")]
    [InlineData(new[] { "--repo", "contoso/citysense", "--subscription", Subscription, "--location", "swedencentral", "--operator-email", "a@b.c", "--stages", "dev,qa" }, "unknown stage 'qa'")]
    [InlineData(new[] { "--repo", "contoso/citysense", "--subscription", Subscription, "--location", "swedencentral" }, "--operator-email is required.")]
    [InlineData(new[] { "--unknown" }, "unknown argument '--unknown'.")]
    public async Task Bootstrap_WrongArguments_ExitTwoWithTheReasonAndTouchNothing(string[] arguments, string reason)
    {
        using var sandbox = BootstrapSandbox.Create();

        var result = await BootstrapSandbox.RunAsync(sandbox, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(sandbox.Calls);
    }

    [Fact]
    public void Bootstrap_FreshSetup_CreatesOneAppAndFederatedCredentialPerEnvironment()
    {
        Assert.True(fresh.Result.ExitCode == 0, fresh.Result.Output);
        foreach (var stage in Stages)
        {
            Assert.Single(fresh.Calls, call => call.StartsWith($"az ad app create --display-name citysense-github-{stage} ", StringComparison.Ordinal));
            var credential = Assert.Single(fresh.Calls, call => call.StartsWith($"az ad app federated-credential create --id appid-citysense-github-{stage} ", StringComparison.Ordinal));
            Assert.Contains($"\"subject\":\"repo:contoso/citysense:environment:{stage}\"", credential, StringComparison.Ordinal);
            Assert.Contains("\"issuer\":\"https://token.actions.githubusercontent.com\"", credential, StringComparison.Ordinal);
            Assert.Contains("\"audiences\":[\"api://AzureADTokenExchange\"]", credential, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bootstrap_FreshSetup_AssignsContributorAndAConstrainedRbacAdministrator()
    {
        Assert.True(fresh.Result.ExitCode == 0, fresh.Result.Output);
        var assignments = fresh.Calls.Where(call => call.StartsWith("az role assignment create", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, assignments.Count);
        foreach (var stage in Stages)
        {
            var principal = $"--assignee-object-id objectid-appid-citysense-github-{stage} --assignee-principal-type ServicePrincipal";
            var contributor = Assert.Single(assignments, call => call.Contains(principal, StringComparison.Ordinal) && call.Contains($"--role {ContributorRole}", StringComparison.Ordinal));
            Assert.DoesNotContain("--condition", contributor, StringComparison.Ordinal);
            var administrator = Assert.Single(assignments, call => call.Contains(principal, StringComparison.Ordinal) && call.Contains($"--role {RbacAdministratorRole}", StringComparison.Ordinal));
            Assert.Contains("--condition-version 2.0", administrator, StringComparison.Ordinal);
            Assert.Contains("@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}", administrator, StringComparison.Ordinal);
            Assert.Contains("!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})", administrator, StringComparison.Ordinal);
        }

        Assert.All(assignments, call => Assert.Contains($"--scope /subscriptions/{Subscription} ", call, StringComparison.Ordinal));
        Assert.DoesNotContain(fresh.Calls, call => call.Contains("Owner", StringComparison.Ordinal) || call.Contains("User Access Administrator", StringComparison.Ordinal));
    }

    [Fact]
    public void Bootstrap_RoleCondition_AllowsExactlyTheRolesTheBicepTemplatesAssign()
    {
        Assert.True(fresh.Result.ExitCode == 0, fresh.Result.Output);
        var administrator = fresh.Calls.First(call =>
            call.StartsWith("az role assignment create", StringComparison.Ordinal) && call.Contains($"--role {RbacAdministratorRole}", StringComparison.Ordinal));
        var condition = administrator[administrator.IndexOf("--condition ", StringComparison.Ordinal)..];
        var allowed = Guid().Matches(condition).Select(match => match.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var assignedByBicep = Directory.EnumerateFiles(RepoPaths.Combine("bicep"), "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => QuotedGuid().Matches(File.ReadAllText(file)).Select(match => match.Groups["id"].Value))
            .Where(id => id != CosmosDataContributorRole)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(assignedByBicep);
        Assert.True(
            assignedByBicep.SetEquals(allowed),
            $"Bicep assigns {string.Join(", ", assignedByBicep.Order())}; the deployment identity may grant {string.Join(", ", allowed.Order())}. " +
            "Keep DEFAULT_ASSIGNABLE_ROLES in scripts/bootstrap-github-oidc.sh equal to the roles the templates assign.");
    }

    [Fact]
    public void Bootstrap_FreshSetup_CreatesEnvironmentsRestrictedToMainWithProdReviewers()
    {
        Assert.True(fresh.Result.ExitCode == 0, fresh.Result.Output);
        var calls = fresh.Calls.ToList();
        foreach (var stage in Stages)
        {
            var put = calls.FindIndex(call => call.StartsWith($"gh api --method PUT repos/contoso/citysense/environments/{stage} --input -", StringComparison.Ordinal));
            Assert.True(put >= 0, $"The {stage} environment was not created.");
            var body = calls.Skip(put).First(call => call.StartsWith("gh-input ", StringComparison.Ordinal));
            Assert.Contains("\"custom_branch_policies\":true", body, StringComparison.Ordinal);
            Assert.Equal(stage == "prod", body.Contains("\"reviewers\":[{\"type\":\"User\",\"id\":4242}]", StringComparison.Ordinal));
            Assert.Contains($"gh api --method POST repos/contoso/citysense/environments/{stage}/deployment-branch-policies -f name=main -f type=branch", calls);
        }
    }

    [Fact]
    public void Bootstrap_FreshSetup_SetsTheVariablesTheWorkflowsRead()
    {
        Assert.True(fresh.Result.ExitCode == 0, fresh.Result.Output);
        foreach (var stage in Stages)
        {
            string[] expected =
            [
                $"AZURE_CLIENT_ID --repo contoso/citysense --env {stage} --body appid-citysense-github-{stage}",
                $"AZURE_TENANT_ID --repo contoso/citysense --env {stage} --body 11111111-1111-1111-1111-111111111111",
                $"AZURE_SUBSCRIPTION_ID --repo contoso/citysense --env {stage} --body {Subscription}",
                $"AZURE_ENV_NAME --repo contoso/citysense --env {stage} --body citysense-{stage}",
                $"AZURE_LOCATION --repo contoso/citysense --env {stage} --body swedencentral",
                $"CITYSENSE_STAGE --repo contoso/citysense --env {stage} --body {stage}",
                $"CITYSENSE_OPERATOR_EMAIL --repo contoso/citysense --env {stage} --body ops@contoso.example",
            ];
            foreach (var variable in expected)
            {
                Assert.Contains($"gh variable set {variable}", fresh.Calls);
            }
        }
    }

    [Fact]
    public void Bootstrap_VariablesTheWorkflowsRead_AreAllSetByTheScript()
    {
        var read = WorkflowFile.All()
            .SelectMany(file => VariableReference().Matches(file.Text).Select(match => match.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);

        var set = fresh.Calls.Where(call => call.StartsWith("gh variable set ", StringComparison.Ordinal))
            .Select(call => call.Split(' ')[3])
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(read);
        Assert.Subset(set, read);
    }

    [Fact]
    public void Bootstrap_FreshSetup_NeverCreatesAStoredCredential()
    {
        Assert.True(fresh.Result.ExitCode == 0, fresh.Result.Output);
        Assert.DoesNotContain(fresh.Calls, call =>
            call.Contains("credential reset", StringComparison.Ordinal)
            || call.Contains("create-for-rbac", StringComparison.Ordinal)
            || call.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || call.Contains("--password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootstrap_SecondRun_FindsEverythingAndCreatesNothing()
    {
        using var sandbox = BootstrapSandbox.Create();
        var first = await BootstrapSandbox.RunAsync(sandbox, BootstrapSandbox.Arguments);
        Assert.True(first.ExitCode == 0, first.Output);
        sandbox.ClearCalls();

        var second = await BootstrapSandbox.RunAsync(sandbox, BootstrapSandbox.Arguments);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("az ", StringComparison.Ordinal) && call.Contains(" create ", StringComparison.Ordinal));
        Assert.DoesNotContain(sandbox.Calls, call => call.Contains("--method POST", StringComparison.Ordinal));
        Assert.Equal(3, sandbox.Calls.Count(call => call.StartsWith("az ad app federated-credential update", StringComparison.Ordinal)));
        Assert.Equal(21, sandbox.Calls.Count(call => call.StartsWith("gh variable set", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bootstrap_SkipGithub_PrintsTheVariablesInsteadOfCallingGh()
    {
        using var sandbox = BootstrapSandbox.Create();

        var result = await BootstrapSandbox.RunAsync(sandbox, [.. BootstrapSandbox.Arguments, "--stages", "dev", "--skip-github"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("  AZURE_CLIENT_ID=appid-citysense-github-dev", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  AZURE_ENV_NAME=citysense-dev", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("gh ", StringComparison.Ordinal));
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex("'(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'")]
    private static partial Regex QuotedGuid();

    [GeneratedRegex(@"vars\.(?<name>[A-Z0-9_]+)")]
    private static partial Regex VariableReference();
}
