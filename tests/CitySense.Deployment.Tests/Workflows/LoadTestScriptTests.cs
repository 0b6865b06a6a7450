using System.Globalization;
using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/load-test.sh with real hey against a stand-in CitySense on loopback (its --base-url target, and --stage with
/// az and azd stand-ins): usage; a healthy target passes, is reconciled and cleaned up; an error rate over the threshold
/// and a lost reading fail the run; a refused key stops it before any load; --stage writes in the city the smoke test
/// grants the operator key; keys are never printed.
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
        foreach (var setting in new[] { "LOAD_REQUESTS", "LOAD_WARMUP", "LOAD_MAX_SECONDS", "LOAD_MAX_ERROR_RATE", "LOAD_MAX_P95_MS", "LOAD_RATE" })
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
        var writeStreams = new[] { "ingest0", "ingest1", "ingest2", "ingest3", "batch" }.Sum(stream =>
            int.Parse(Regex.Match(summary, $@"^\| {stream} \| (\d+) \| \d+ \|$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Matches($@"Ingest: {writeStreams} readings acknowledged by the write streams in [0-9.]+s: \*\*\d+ readings/s\*\*", summary);
        Assert.True(File.Exists(Path.Combine(results, "latest.csv")));
        Assert.Equal(7, target.Requests.Count(request => request.StartsWith("POST /api/sensors ", StringComparison.Ordinal) || request == "POST /api/sensors"));
        Assert.Equal(7, target.Requests.Count(request => request.StartsWith("DELETE /api/sensors/", StringComparison.Ordinal)));
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BaseUrl_WarmUp_SendsTheMixToItsOwnSensorsAndCountsOnlyTheMeasuredPhase()
    {
        await using var target = new FakeCitySense();

        var (result, results) = await RunAsync(target, settings: new() { ["LOAD_WARMUP"] = "200" });

        Assert.True(result.ExitCode == 0, result.Output);
        var summary = File.ReadAllText(Path.Combine(results, "summary.md"));
        var warmup = Regex.Match(summary, @"^Warm-up: (\d+) requests of the same mix on their own sensors \((\d+) with a 2xx, 0 without an answer\), not counted\.$", RegexOptions.Multiline);
        Assert.True(warmup.Success, summary);
        Assert.InRange(int.Parse(warmup.Groups[1].Value, CultureInfo.InvariantCulture), 200, 260);
        Assert.Equal(warmup.Groups[1].Value, warmup.Groups[2].Value);
        var warmRequests = target.Requests.Count(request => request.Contains("-warm.weather", StringComparison.Ordinal) && !request.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.True(warmRequests >= 150, $"{warmRequests} requests reached the warm-up sensors");
        // Measured streams and the reconciliation see only their own sensors: the retry sensor holds one reading.
        Assert.Contains("| retry | 1 | 1 |", summary, StringComparison.Ordinal);
        Assert.Equal(14, target.Requests.Count(request => request.StartsWith("POST /api/sensors ", StringComparison.Ordinal) || request == "POST /api/sensors"));
        Assert.Equal(14, target.Requests.Count(request => request.StartsWith("DELETE /api/sensors/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BaseUrl_WarmUpNotANumber_UsageErrorBeforeAnyRequest()
    {
        await using var target = new FakeCitySense();

        var (result, _) = await RunAsync(target, settings: new() { ["LOAD_WARMUP"] = "lots" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("LOAD_WARMUP must be a whole number of requests (0 for none), not 'lots'.", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(target.Requests);
    }

    /// <summary>The floor talks to the local store itself, so it exists only for the local target.</summary>
    [Theory]
    [InlineData("1")]
    [InlineData("yes")]
    public async Task BaseUrl_FloorRequested_UsageErrorBeforeAnyRequest(string floor)
    {
        await using var target = new FakeCitySense();

        var (result, _) = await RunAsync(target, settings: new() { ["LOAD_FLOOR"] = floor });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"LOAD_FLOOR is 0 or 1, and 1 only without a target (the floor talks to the local store itself), not '{floor}'.", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(target.Requests);
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

    /// <summary>An operator key writes only in granted cities: --stage registers its sensors in the one the smoke test grants.</summary>
    [Fact]
    public async Task Stage_OperatorKey_WritesOnlyInTheCityTheSmokeTestGrants()
    {
        var key = $"operator-{Guid.NewGuid():N}";
        await using var target = new FakeCitySense(key) { GrantedCities = new HashSet<string>([SmokeTestRun.LoadTestCity]) };

        var (result, _) = await RunStageAsync(target, key);

        Assert.True(result.ExitCode == 0, result.Output);
        var deleted = target.Requests.Where(request => request.StartsWith("DELETE /api/sensors/", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, deleted.Count);
        Assert.All(deleted, request => Assert.StartsWith($"DELETE /api/sensors/{SmokeTestRun.LoadTestCity}.", request, StringComparison.Ordinal));
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage_CityNotGranted_FailsBeforeAnyLoadSayingWhatGrantsIt()
    {
        var key = $"operator-{Guid.NewGuid():N}";
        await using var target = new FakeCitySense(key) { GrantedCities = new HashSet<string>(["citysense-e2e"]) };

        var (result, _) = await RunStageAsync(target, key);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"(a 403 means the key may not write in {SmokeTestRun.LoadTestCity}: run scripts/smoke-test.sh first, it grants the city).", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Requests, request => request.StartsWith("GET ", StringComparison.Ordinal));
    }

    /// <summary>--stage against <paramref name="target"/> as the selected azd environment's gateway, with az and azd stand-ins.</summary>
    private static async Task<(ProcessResult Result, string Results)> RunStageAsync(FakeCitySense target, string operatorKey)
    {
        using var sandbox = new ScriptSandbox();
        sandbox.AddCommand("azd", """
            [[ "$1 $2" == "env get-values" ]] || exit 9
            printf 'AZURE_API_MANAGEMENT_GATEWAY_URL="%s"\nAZURE_API_MANAGEMENT_NAME="apim-citysense-test"\n' "$STUB_GATEWAY_URL"
            """);
        sandbox.AddCommand("az", """
            case "$*" in
              "resource list "*) echo "$STUB_APIM_ID" ;;
              "rest --method post "*"/subscriptions/citysense-smoke-operator/listSecrets?"*) echo "$STUB_OPERATOR_KEY" ;;
              *) echo "unexpected az call: $*" >&2; exit 9 ;;
            esac
            """);
        var results = Path.Combine(Path.GetTempPath(), "citysense-load-" + Guid.NewGuid().ToString("N"));
        var result = await sandbox.RunAsync(Script, ["--stage"], new Dictionary<string, string>
        {
            ["STUB_GATEWAY_URL"] = target.BaseUrl[..^"/api".Length],
            ["STUB_APIM_ID"] = SmokeTestRun.ApimId,
            ["STUB_OPERATOR_KEY"] = operatorKey,
            ["LOAD_RESULTS"] = results,
            ["LOAD_REQUESTS"] = "300",
            ["LOAD_RATE"] = "0",
            ["LOAD_MAX_SECONDS"] = "60",
            ["LOAD_START_DELAY"] = "0",
        });
        return (result, results);
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
