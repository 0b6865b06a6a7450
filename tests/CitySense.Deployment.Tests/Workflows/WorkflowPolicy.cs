using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// The security rules every CitySense workflow follows. Each rule returns its findings (empty when the
/// file complies), so tests can show both that the real workflows comply and that a violation is caught.
/// </summary>
public static partial class WorkflowPolicy
{
    /// <summary>Inputs of login actions that take a stored credential instead of an OIDC token.</summary>
    private static readonly string[] StoredCredentialInputs = ["creds", "client-secret", "publish-profile", "password"];

    /// <summary>Command-line options and variables that carry a stored cloud credential.</summary>
    private static readonly string[] StoredCredentialTexts =
        ["--client-secret", "--password", "AZURE_CLIENT_SECRET", "AZURE_CREDENTIALS", "ARM_CLIENT_SECRET", "create-for-rbac"];

    /// <summary>Cloud credentials kept as GitHub secrets: what OIDC replaces.</summary>
    public static IReadOnlyList<string> CloudCredentialFindings(WorkflowFile file)
    {
        var findings = new List<string>();
        foreach (Match match in SecretReference().Matches(file.Text))
        {
            var secret = match.Groups["name"].Value;
            if (CloudSecretName().IsMatch(secret))
            {
                findings.Add($"{file.Name} reads the secret '{secret}': use OIDC (azure/login or azd auth login with a federated credential) instead.");
            }
        }

        foreach (var step in AllSteps(file))
        {
            foreach (var input in StoredCredentialInputs.Where(input => step.Input(input) is not null))
            {
                findings.Add($"{file.Name}: step '{step}' passes '{input}', a stored credential.");
            }
        }

        foreach (var text in StoredCredentialTexts.Where(text => file.Text.Contains(text, StringComparison.OrdinalIgnoreCase)))
        {
            findings.Add($"{file.Name} mentions '{text}', a stored-credential sign-in.");
        }

        return findings;
    }

    /// <summary>Jobs that sign in to Azure without the <c>id-token: write</c> permission OIDC needs.</summary>
    public static IReadOnlyList<string> MissingIdTokenFindings(WorkflowFile file) =>
        file.Jobs
            .Where(job => job.LogsInToAzure() && !job.HasPermission("id-token", "write"))
            .Select(job => $"{job} signs in to Azure but its token lacks 'id-token: write'.")
            .ToList();

    /// <summary>
    /// Top-level permissions must be exactly <c>contents: read</c>: every job gets a read-only token
    /// unless it asks for more itself (id-token for the deploy jobs, contents: write for releases).
    /// </summary>
    public static IReadOnlyList<string> TopLevelPermissionFindings(WorkflowFile file)
    {
        if (file.Permissions is not { } permissions)
        {
            return [$"{file.Name} has no top-level 'permissions:', so jobs get the repository's default token permissions."];
        }

        var granted = permissions.Children.ToDictionary(entry => YamlNodes.Text(entry.Key), entry => YamlNodes.Text(entry.Value));
        return granted.Count == 1 && granted.TryGetValue("contents", out var contents) && contents == "read"
            ? []
            : [$"{file.Name} grants {string.Join(", ", granted.Select(entry => $"{entry.Key}: {entry.Value}"))} at the top level; only 'contents: read' belongs there."];
    }

    /// <summary>Every third-party action is pinned to a version tag or a commit, never a moving branch.</summary>
    public static IReadOnlyList<string> UnpinnedActionFindings(WorkflowFile file) =>
        AllSteps(file)
            .Select(step => step.Uses)
            .OfType<string>()
            .Where(uses => !uses.StartsWith("./", StringComparison.Ordinal) && !uses.StartsWith("docker://", StringComparison.Ordinal))
            .Where(uses => !PinnedReference().IsMatch(uses))
            .Select(uses => $"{file.Name} uses '{uses}', which is not pinned to a version tag (vN, vN.N.N) or a commit SHA.")
            .ToList();

    /// <summary>The steps of every job, or of a composite action.</summary>
    public static IEnumerable<WorkflowStep> AllSteps(WorkflowFile file) =>
        file.Jobs.SelectMany(job => job.Steps).Concat(file.CompositeSteps());

    /// <summary>A permission block's entries, for messages.</summary>
    public static string Describe(YamlNode? permissions) =>
        permissions switch
        {
            YamlScalarNode scalar => scalar.Value ?? string.Empty,
            YamlMappingNode map => string.Join(", ", map.Children.Select(entry => $"{YamlNodes.Text(entry.Key)}: {YamlNodes.Text(entry.Value)}")),
            _ => "(none)",
        };

    [GeneratedRegex(@"secrets\s*(\.\s*|\[\s*['""])(?<name>[A-Za-z0-9_\-]+)")]
    private static partial Regex SecretReference();

    [GeneratedRegex(@"AZURE|ARM_|CLIENT_SECRET|CREDENTIAL|CREDS|PUBLISH_PROFILE|SERVICE_PRINCIPAL|TENANT|SUBSCRIPTION|AWS|GCP", RegexOptions.IgnoreCase)]
    private static partial Regex CloudSecretName();

    [GeneratedRegex(@"^[^@\s]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")]
    private static partial Regex PinnedReference();
}
