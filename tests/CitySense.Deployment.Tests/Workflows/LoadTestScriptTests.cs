using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/load-test.sh's command line and its remote target. Its full runs (the DevHost locally, a stage's gateway) are
/// the script's own use; here: usage, a refused target stops it before any load with a clear message, and a key is
/// sent where it belongs without ever being printed.
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
}
