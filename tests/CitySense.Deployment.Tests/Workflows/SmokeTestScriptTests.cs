using System.Net;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/smoke-test.sh against a stand-in API Management gateway, with az and azd replaced by
/// stand-ins that answer like a provisioned stage: it must pass a healthy stage, fail at the first
/// wrong answer with a clear message, never print a key and never leave its sensor behind.
/// </summary>
public sealed class SmokeTestScriptTests(HealthySmokeTestRun healthy) : IClassFixture<HealthySmokeTestRun>
{
    private static bool IsPublicSensorRead(string request) =>
        request.StartsWith("GET /api/sensors/", StringComparison.Ordinal) && request.EndsWith("(public)", StringComparison.Ordinal);

    [Fact]
    public void SmokeTest_HealthyStage_PassesEveryCheckInOrder()
    {
        var run = healthy.Run;

        Assert.True(run.Result.ExitCode == 0, run.Result.Output);
        Assert.Contains($"Smoke test passed: {run.Gateway.GatewayUrl}/api", run.Result.StandardOutput, StringComparison.Ordinal);
        var requests = run.Gateway.Requests.ToList();
        string[] expectedOrder =
        [
            "GET /api/health (operator)",
            "POST /api/sensors (operator)",
            "POST /api/sensors/smoke.run-4711-",
            "GET /api/sensors/smoke.run-4711-",
            "GET /api/health (public)",
            "POST /api/sensors (public)",
            "GET /api/sensors/smoke.run-4711-",
            "DELETE /api/sensors/smoke.run-4711-",
        ];
        var position = 0;
        foreach (var expected in expectedOrder)
        {
            var found = requests.FindIndex(position, request => request.StartsWith(expected, StringComparison.Ordinal));
            Assert.True(found >= 0, $"No '{expected}' after request {position} in:{Environment.NewLine}{string.Join(Environment.NewLine, requests)}");
            position = found + 1;
        }

        Assert.Contains(requests, request => request.EndsWith("/readings/latest (operator)", StringComparison.Ordinal));
        Assert.Equal(run.Gateway.RateLimit + 1, requests.Count(IsPublicSensorRead));
    }

    [Fact]
    public void SmokeTest_HealthyStage_LeavesNoSensorAndPublishesTheGatewayUrl()
    {
        var run = healthy.Run;

        Assert.Equal(0, run.Result.ExitCode);
        Assert.Empty(run.Gateway.Sensors);
        Assert.Equal($"gateway-url={run.Gateway.GatewayUrl}", File.ReadAllText(run.Sandbox.PathOf("github-output")).Trim());
    }

    [Fact]
    public void SmokeTest_Keys_AreFetchedAtRunTimeAndNeverPrinted()
    {
        var run = healthy.Run;

        Assert.Equal(0, run.Result.ExitCode);
        Assert.DoesNotContain(run.Gateway.OperatorKey, run.Result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Gateway.PublicKey, run.Result.Output, StringComparison.Ordinal);
        var calls = run.Sandbox.Calls;
        Assert.Contains(calls, call => call.StartsWith("az resource list --resource-type Microsoft.ApiManagement/service --name apim-citysense-test", StringComparison.Ordinal));
        Assert.Contains(calls, call => call.Contains($"{SmokeTestRun.ApimId}/subscriptions/citysense-smoke-operator/listSecrets?api-version=", StringComparison.Ordinal));
        Assert.Contains(calls, call => call.Contains($"{SmokeTestRun.ApimId}/subscriptions/citysense-smoke-public/listSecrets?api-version=", StringComparison.Ordinal));
    }

    [Fact]
    public void SmokeTest_MissingSubscriptions_AreCreatedForTheTwoProducts()
    {
        var run = healthy.Run;

        Assert.Equal(0, run.Result.ExitCode);
        var puts = run.Sandbox.Calls.Where(call => call.StartsWith("az rest --method put", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, puts.Count);
        Assert.Contains(puts, put => put.Contains("/subscriptions/citysense-smoke-operator?", StringComparison.Ordinal) && put.Contains("\"scope\":\"/products/operator\"", StringComparison.Ordinal));
        Assert.Contains(puts, put => put.Contains("/subscriptions/citysense-smoke-public?", StringComparison.Ordinal) && put.Contains("\"scope\":\"/products/public\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SmokeTest_ExistingSubscriptions_AreReusedNotRecreated()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(), sandbox =>
        {
            File.WriteAllText(Path.Combine(sandbox.StateDirectory, "citysense-smoke-operator"), string.Empty);
            File.WriteAllText(Path.Combine(sandbox.StateDirectory, "citysense-smoke-public"), string.Empty);
        });

        Assert.Equal(0, run.Result.ExitCode);
        Assert.DoesNotContain(run.Sandbox.Calls, call => call.StartsWith("az rest --method put", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SmokeTest_IngestFails_StopsThereAndStillDeletesTheSensor()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(ingest: HttpStatusCode.InternalServerError));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: POST /api/sensors/smoke.run-4711-", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Contains("/readings (ingest): expected HTTP 201, got 500.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Ingest failed.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Gateway.Requests, request => request.Contains("/readings/latest", StringComparison.Ordinal));
        Assert.Empty(run.Gateway.Sensors);
    }

    [Fact]
    public async Task SmokeTest_PublicKeyCanWrite_Fails()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(publicWrites: true));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("POST /api/sensors with the public key (write rejected): expected HTTP 403, got", run.Result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeTest_NoRateLimit_FailsAfterTheBoundedProbe()
    {
        await using var run = await SmokeTestRun.RunAsync(
            SmokeTestRun.NewGateway(rateLimit: int.MaxValue), settings: new() { ["SMOKE_RATE_LIMIT_MAX_REQUESTS"] = "12" });

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: the public key was not rate limited (429) within 12 requests.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Equal(12, run.Gateway.Requests.Count(IsPublicSensorRead));
        Assert.Empty(run.Gateway.Sensors);
    }

    [Fact]
    public async Task SmokeTest_RateLimitWithoutRetryAfter_Fails()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(retryAfter: false));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains($"request {run.Gateway.RateLimit + 1} was rate limited (429) without a Retry-After header.", run.Result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeTest_StageWithoutGatewayOutput_FailsWithWhatToRun()
    {
        await using var run = await SmokeTestRun.RunAsync(
            SmokeTestRun.NewGateway(), settings: new() { ["SMOKE_GATEWAY_URL_VARIABLE"] = "NO_SUCH_OUTPUT" });

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: the azd environment has no NO_SUCH_OUTPUT; run azd provision (or azd env refresh) first.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Gateway.Requests);
    }

    [Fact]
    public async Task SmokeTest_Help_PrintsUsageAndExitsZero()
    {
        using var sandbox = new ScriptSandbox();

        var result = await sandbox.RunAsync(SmokeTestRun.Script, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: scripts/smoke-test.sh", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("AZURE_API_MANAGEMENT_GATEWAY_URL", result.StandardOutput, StringComparison.Ordinal);
    }
}
