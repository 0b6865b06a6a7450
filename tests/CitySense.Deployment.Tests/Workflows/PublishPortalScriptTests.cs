namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/publish-portal.sh publishes the developer portal after provisioning, and never fails: a new
/// instance may refuse a portal revision, which must not fail the first azd up or a deployment.
/// </summary>
public sealed class PublishPortalScriptTests
{
    private const string Script = "scripts/publish-portal.sh";

    private const string AzdStandIn = """
        if [[ "$1 $2" == "env get-values" ]]; then
          printf 'AZURE_API_MANAGEMENT_NAME="%s"\n' "${STUB_APIM_NAME-apim-test}"
          exit 0
        fi
        exit 9
        """;

    private const string AzStandIn = """
        case "$1 $2 $3" in
          "resource list --resource-type") echo "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim-test" ;;
          "rest --method put") exit "${STUB_PUT_EXIT:-0}" ;;
          *) echo "unexpected az call: $*" >&2; exit 9 ;;
        esac
        """;

    [Fact]
    public async Task Publish_InstanceReady_MakesANewRevisionCurrent()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, []);

        Assert.True(result.ExitCode == 0, result.Output);
        var put = Assert.Single(sandbox.Calls, call => call.StartsWith("az rest --method put", StringComparison.Ordinal));
        Assert.Contains("/providers/Microsoft.ApiManagement/service/apim-test/portalRevisions/citysense-", put, StringComparison.Ordinal);
        Assert.Contains("\"isCurrent\":true", put, StringComparison.Ordinal);
        Assert.Contains("Developer portal published", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_RevisionRefused_WarnsAndStillSucceeds()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, [], new Dictionary<string, string> { ["STUB_PUT_EXIT"] = "1" });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: the developer portal was not published: API Management refused the portal revision citysense-", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Portal overview > Publish", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_EnvironmentNotProvisioned_WarnsWithoutCallingAzure()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, [], new Dictionary<string, string> { ["STUB_APIM_NAME"] = string.Empty });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("the azd environment has no AZURE_API_MANAGEMENT_NAME", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("az ", StringComparison.Ordinal));
    }

    private static ScriptSandbox NewSandbox()
    {
        var sandbox = new ScriptSandbox();
        sandbox.AddCommand("azd", AzdStandIn);
        sandbox.AddCommand("az", AzStandIn);
        return sandbox;
    }
}
