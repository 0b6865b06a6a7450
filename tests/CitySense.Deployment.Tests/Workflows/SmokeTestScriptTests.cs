namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// scripts/smoke-test.sh against a stand-in API Management gateway, with az, azd and dotnet replaced by
/// stand-ins that answer like a provisioned stage: it must pass a healthy stage, fail at the first wrong
/// answer with a clear message, and never print a key.
/// </summary>
public sealed class SmokeTestScriptTests(HealthySmokeTestRun healthy) : IClassFixture<HealthySmokeTestRun>
{
    private static bool IsPublicRead(string request) =>
        request.StartsWith("GET /api/sensors (public)", StringComparison.Ordinal);

    [Fact]
    public void SmokeTest_HealthyStage_FirstCallsAKeyedRouteThenChecksEveryRefusal()
    {
        var run = healthy.Run;
        var requests = run.Gateway.Requests.ToList();

        Assert.True(run.Result.ExitCode == 0, run.Result.Output);
        Assert.Contains($"Smoke test passed: {run.Gateway.GatewayUrl}/api", run.Result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(
            [
                "GET /api/sensors (operator)",
                "GET /api/health (none)",
                "GET /api/sensors (unknown)",
                "GET /api/sensors (none)",
                "GET /api/no-such-operation (operator)",
                "POST /api/sensors (public)",
                "GET /api/operators (public)",
            ],
            requests.Take(7));
        Assert.Equal(run.Gateway.RateLimit + 1, requests.Count(IsPublicRead));
        Assert.Equal(["GET /api/operators (admin)", "PUT /api/operators/citysense-smoke-operator (admin)"], requests.Skip(7 + run.Gateway.RateLimit + 1));
        foreach (var slug in new[] { "unauthorized", "not-found", "forbidden", "rate-limited" })
        {
            Assert.Contains($" {slug} problem)", run.Result.StandardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// An operator key writes only in the cities granted to its caller id (its subscription id): before the suite runs,
    /// the admin key grants the operator smoke-test subscription the suite's city and the staging load test's.
    /// </summary>
    [Fact]
    public void SmokeTest_HealthyStage_GrantsTheOperatorSubscriptionTheTestAndLoadTestCitiesWithTheAdminKey()
    {
        var run = healthy.Run;

        Assert.Equal(0, run.Result.ExitCode);
        var grant = Assert.Single(run.Gateway.Grants);
        Assert.Equal("citysense-smoke-operator", grant.Key);
        Assert.Equal(["citysense-e2e", SmokeTestRun.LoadTestCity], grant.Value.Order(StringComparer.Ordinal));
        Assert.Contains("ok: GET /api/operators with the public key (403 forbidden problem)", run.Result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok: PUT /api/operators/citysense-smoke-operator with the admin key (201): citysense-e2e, citysense-load", run.Result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeTest_OneCityForTheSuiteAndTheLoadTest_GrantsItOnce()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(), new() { ["SMOKE_TEST_CITY"] = "houston", ["SMOKE_LOAD_TEST_CITY"] = "houston" });

        Assert.True(run.Result.ExitCode == 0, run.Result.Output);
        Assert.Equal(["houston"], run.Gateway.Grants["citysense-smoke-operator"]);
        Assert.Contains("city=houston", run.SuiteRun);
    }

    [Fact]
    public async Task SmokeTest_PublicKeyListsTheGrants_FailsBeforeTheSuite()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(publicListsGrants: true));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: GET /api/operators with the public key: expected HTTP 403, got 200.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.Gateway.Grants);
        Assert.Empty(run.SuiteRun);
    }

    /// <summary>Without the grant the suite's writes would all be refused: the stage fails at the grant, saying why.</summary>
    [Fact]
    public async Task SmokeTest_GrantRefused_FailsBeforeTheSuiteWithTheProblem()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(grantRefusal: 400));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: PUT /api/operators/citysense-smoke-operator with the admin key: expected HTTP 200, got 400.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Contains("urn:citysense:problem:validation", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.SuiteRun);
    }

    [Fact]
    public void SmokeTest_HealthyStage_RunsTheEndToEndSuiteThroughTheGatewayWithTheOperatorAndAdminKeys()
    {
        var run = healthy.Run;

        Assert.Equal(0, run.Result.ExitCode);
        Assert.Equal(
            [$"base={run.Gateway.GatewayUrl}/api", $"key={run.Gateway.OperatorKey}", $"admin-key={run.Gateway.AdminKey}", "city=citysense-e2e"],
            run.SuiteRun);
        Assert.Equal($"gateway-url={run.Gateway.GatewayUrl}", File.ReadAllText(run.Sandbox.PathOf("github-output")).Trim());
    }

    [Fact]
    public void SmokeTest_Keys_AreReadFromTheBicepSubscriptionsAndNeverPrinted()
    {
        var run = healthy.Run;

        Assert.Equal(0, run.Result.ExitCode);
        Assert.DoesNotContain(run.Gateway.OperatorKey, run.Result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Gateway.PublicKey, run.Result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Gateway.AdminKey, run.Result.Output, StringComparison.Ordinal);
        foreach (var product in new[] { "operator", "public", "admin" })
        {
            Assert.Contains(run.Sandbox.Calls, call => call.Contains($"{SmokeTestRun.ApimId}/subscriptions/citysense-smoke-{product}/listSecrets?api-version=", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(run.Sandbox.Calls, call => call.StartsWith("az rest --method put", StringComparison.Ordinal));
    }

    /// <summary>A deployment cold-starts: the keyed read is retried until it answers, then everything else runs.</summary>
    [Fact]
    public async Task SmokeTest_KeyedReadUnavailableAtFirst_WaitsThenPasses()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(unavailableReads: 2));

        Assert.True(run.Result.ExitCode == 0, run.Result.Output);
        Assert.Equal(3, run.Gateway.Requests.Count(request => request == "GET /api/sensors (operator)"));
        Assert.Contains("waiting: the keyed read answered 503, retrying in 5s", run.Result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>A host key API Management and the host disagree on never heals by itself: the stage fails before anything else.</summary>
    [Fact]
    public async Task SmokeTest_KeyedReadStaysUnavailable_FailsTheStageWithoutRunningTheSuite()
    {
        await using var run = await SmokeTestRun.RunAsync(
            SmokeTestRun.NewGateway(unavailableReads: int.MaxValue), new() { ["SMOKE_READY_TIMEOUT_SECONDS"] = "1" });

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: GET /api/sensors?city=citysense-e2e&limit=1 with the operator key (after 1s): expected HTTP 200, got 503.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Contains("urn:citysense:problem:service-unavailable", run.Result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Gateway.Requests, request => request.StartsWith("GET /api/health", StringComparison.Ordinal));
        Assert.Empty(run.SuiteRun);
    }

    [Fact]
    public async Task SmokeTest_RefusalsWithoutProblemDocuments_Fail()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(problems: false));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: GET /api/sensors?city=citysense-e2e&limit=1 with an unknown key: expected Content-Type application/problem+json, got 'application/json'.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.SuiteRun);
    }

    [Fact]
    public async Task SmokeTest_PublicKeyCanWrite_Fails()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(publicWrites: true));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: POST /api/sensors with the public key: expected HTTP 403, got 201.", run.Result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeTest_NoRateLimit_FailsAfterTheBoundedProbe()
    {
        await using var run = await SmokeTestRun.RunAsync(
            SmokeTestRun.NewGateway(rateLimit: int.MaxValue), new() { ["SMOKE_RATE_LIMIT_MAX_REQUESTS"] = "12" });

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains("FAIL: the public key was not rate limited (429) within 12 requests.", run.Result.StandardError, StringComparison.Ordinal);
        Assert.Equal(12, run.Gateway.Requests.Count(IsPublicRead));
    }

    [Fact]
    public async Task SmokeTest_RateLimitWithoutRetryAfter_Fails()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(retryAfter: false));

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains($"request {run.Gateway.RateLimit + 1} was rate limited (429) without a Retry-After header.", run.Result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeTest_SuiteFails_FailsTheStage()
    {
        await using var run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway(), new() { ["STUB_SUITE_EXIT"] = "1" });

        Assert.Equal(1, run.Result.ExitCode);
        Assert.Contains($"FAIL: the end-to-end suite failed against {run.Gateway.GatewayUrl}/api", run.Result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Smoke test passed", run.Result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmokeTest_StageWithoutGatewayOutput_FailsWithWhatToRun()
    {
        await using var run = await SmokeTestRun.RunAsync(
            SmokeTestRun.NewGateway(), new() { ["SMOKE_GATEWAY_URL_VARIABLE"] = "NO_SUCH_OUTPUT" });

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
        Assert.Contains("SMOKE_SUITE", result.StandardOutput, StringComparison.Ordinal);
    }
}
