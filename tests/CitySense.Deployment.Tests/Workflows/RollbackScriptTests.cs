namespace CitySense.Deployment.Tests.Workflows;

/// <summary>scripts/rollback.sh: picks the package to redeploy and starts the Rollback workflow through gh.</summary>
public sealed class RollbackScriptTests
{
    private const string Script = "scripts/rollback.sh";

    /// <summary>gh: `release list` answers with two prod releases, newest first (as the script's --jq filter would).</summary>
    private const string GhStandIn = """
        case "$1 $2" in
          "release list") printf '%s\n' ${STUB_RELEASES:-prod-20250302-7 prod-20250301-6} ;;
          "repo view") echo contoso/citysense ;;
          "workflow run" | "run list") ;;
          *) echo "unexpected gh call: $*" >&2; exit 9 ;;
        esac
        """;

    private static ScriptSandbox NewSandbox()
    {
        var sandbox = new ScriptSandbox();
        sandbox.AddCommand("gh", GhStandIn);
        return sandbox;
    }

    [Fact]
    public async Task Rollback_Previous_RedeploysTheProdReleaseBeforeTheNewest()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, ["--stage", "prod", "--previous", "--yes"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("gh workflow run rollback.yml --repo contoso/citysense --ref main -f stage=prod -f release-tag=prod-20250301-6", sandbox.Calls);
    }

    [Fact]
    public async Task Rollback_RunId_RedeploysThatRunsArtifact()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, ["--stage", "staging", "--run-id", "123456", "--repo", "contoso/fork", "--yes"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("gh workflow run rollback.yml --repo contoso/fork --ref main -f stage=staging -f run-id=123456", sandbox.Calls);
    }

    [Fact]
    public async Task Rollback_OnlyOneProdRelease_FailsWithoutStartingAnything()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, ["--stage", "prod", "--previous", "--yes"], new Dictionary<string, string> { ["STUB_RELEASES"] = "prod-20250302-7" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("fewer than two prod releases", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("gh workflow run", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "--stage", "prod", "--yes" }, "give exactly one of --run-id, --release-tag or --previous.")]
    [InlineData(new[] { "--stage", "prod", "--run-id", "1", "--previous", "--yes" }, "give exactly one of --run-id, --release-tag or --previous.")]
    [InlineData(new[] { "--stage", "qa", "--run-id", "1", "--yes" }, "--stage must be dev, staging or prod, not 'qa'.")]
    [InlineData(new[] { "--stage", "dev", "--run-id", "latest", "--yes" }, "--run-id must be a number.")]
    [InlineData(new[] { "--stage", "dev", "--release-tag", "v1.0", "--yes" }, "--release-tag must look like prod-YYYYMMDD-N.")]
    [InlineData(new[] { "--run-id", "1", "--yes" }, "--stage is required.")]
    public async Task Rollback_WrongArguments_ExitTwoWithoutStartingAnything(string[] arguments, string reason)
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("gh workflow run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollback_WithoutYesOrTerminal_RefusesToGuessTheAnswer()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, ["--stage", "dev", "--run-id", "42"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pass --yes to redeploy the artifact of Deploy run 42 to dev", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, call => call.StartsWith("gh workflow run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollback_Help_DescribesTheSourcesAndExitsZero()
    {
        using var sandbox = NewSandbox();

        var result = await sandbox.RunAsync(Script, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--previous", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rollback.yml", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(sandbox.Calls);
    }
}
