using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/load-test.sh with real hey against a stand-in CitySense on loopback (its --base-url target, which --stage
/// also uses once it has the gateway URL and key): usage; a healthy target passes, is reconciled and cleaned up; an
/// error rate over the threshold and a lost reading fail the run; a refused key stops it before any load; keys are
/// never printed.
/// </summary>
public sealed class LoadTestScriptTests
{
    private const string Script = "scripts/load-test.sh";

    [Fact]
    public async Task Help_PrintsUsageWithTheTargetsAndThresholds()
    {
        using var sandbox = new ScriptSandbox();

        var result = await sandbox.RunAsync(Script, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: scripts/load-test.sh [--stage | --base-url URL] [--help]", result.StandardOutput, StringComparison.Ordinal);
        foreach (var setting in new[] { "LOAD_REQUESTS", "LOAD_MAX_SECONDS", "LOAD_MAX_ERROR_RATE", "LOAD_MAX_P95_MS", "LOAD_RATE" })
        {
            Assert.Contains(setting, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--base-url")]
    [InlineData("--stage", "extra")]
    public async Task BadArguments_UsageOnStandardErrorExitTwo(params string[] arguments)
    {
        using var sandbox = new ScriptSandbox();

        var result = await sandbox.RunAsync(Script, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage: scripts/load-test.sh", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaseUrl_TargetRefusesTheKey_FailsBeforeAnyLoadWithoutPrintingTheKey()
    {
        var key = $"load-{Guid.NewGuid():N}";
        var requests = new ConcurrentQueue<string>();
        await using var target = new LoopbackHttpServer(request =>
        {
            requests.Enqueue($"{request.HttpMethod} {request.Url!.AbsolutePath} key={request.Headers["Ocp-Apim-Subscription-Key"] == key}");
            return new(HttpStatusCode.Unauthorized, new JsonObject { ["type"] = "urn:citysense:problem:unauthorized", ["title"] = "No.", ["status"] = 401 });
        });
        using var sandbox = new ScriptSandbox();

        var result = await sandbox.RunAsync(Script, ["--base-url", target.Url + "/api"], new Dictionary<string, string>
        {
            ["CITYSENSE_KEY"] = key,
            ["LOAD_RESULTS"] = sandbox.PathOf("results"),
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL: could not register the sensor ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("POST /api/sensors key=True", Assert.Single(requests, request => request.StartsWith("POST", StringComparison.Ordinal)));
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaseUrl_HealthyTarget_PassesReconcilesCleansUpAndWritesTheResults()
    {
        var key = $"load-{Guid.NewGuid():N}";
        await using var target = new FakeCitySense(key);

        var (result, results) = await RunAsync(target, key);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Load test passed: thresholds met, nothing acknowledged was lost.", result.StandardOutput, StringComparison.Ordinal);
        var summary = File.ReadAllText(Path.Combine(results, "summary.md"));
        Assert.Contains("- error rate 0.0000 (0 of ", summary, StringComparison.Ordinal);
        Assert.Contains("| retry | 1 | 1 |", summary, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(results, "latest.csv")));
        Assert.Equal(7, target.Requests.Count(request => request.StartsWith("POST /api/sensors ", StringComparison.Ordinal) || request == "POST /api/sensors"));
        Assert.Equal(7, target.Requests.Count(request => request.StartsWith("DELETE /api/sensors/", StringComparison.Ordinal)));
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaseUrl_ErrorRateOverTheThreshold_FailsTheRunAndSaysWhich()
    {
        await using var target = new FakeCitySense { FailEveryNthLatestRead = 5 };

        var (result, results) = await RunAsync(target);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("> 0.01: FAILED", File.ReadAllText(Path.Combine(results, "summary.md")), StringComparison.Ordinal);
        Assert.Contains("Load test FAILED", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaseUrl_P95OverTheThreshold_FailsTheRun()
    {
        await using var target = new FakeCitySense();

        var (result, results) = await RunAsync(target, settings: new() { ["LOAD_MAX_P95_MS"] = "0.001" });

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"- p95 [0-9.]+ ms > 0\.001 ms: FAILED", File.ReadAllText(Path.Combine(results, "summary.md")));
    }

    [Fact]
    public async Task BaseUrl_AcknowledgedReadingNotStored_FailsTheReconciliation()
    {
        await using var target = new FakeCitySense { LoseOneReadingOf = "ingest2" };

        var (result, results) = await RunAsync(target);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"ingest2: (\d+) readings acknowledged, \d+ stored: FAILED", File.ReadAllText(Path.Combine(results, "summary.md")));
    }

    private static async Task<(ProcessResult Result, string Results)> RunAsync(
        FakeCitySense target, string? key = null, Dictionary<string, string>? settings = null)
    {
        using var sandbox = new ScriptSandbox();
        var results = Path.Combine(Path.GetTempPath(), "citysense-load-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["LOAD_RESULTS"] = results,
            ["LOAD_REQUESTS"] = "300",
            ["LOAD_RATE"] = "0",
            ["LOAD_MAX_SECONDS"] = "60",
        };
        if (key is not null)
        {
            environment["CITYSENSE_KEY"] = key;
        }

        foreach (var (name, value) in settings ?? [])
        {
            environment[name] = value;
        }

        return (await sandbox.RunAsync(Script, ["--base-url", target.BaseUrl], environment), results);
    }
}
