namespace CitySense.Deployment.Tests.Workflows;

/// <summary>The smoke test run once against a healthy stage, shared by the tests that inspect it.</summary>
public sealed class HealthySmokeTestRun : IAsyncLifetime
{
    private SmokeTestRun? run;

    public SmokeTestRun Run => run ?? throw new InvalidOperationException("The smoke test has not run.");

    public async Task InitializeAsync() => run = await SmokeTestRun.RunAsync(SmokeTestRun.NewGateway());

    public async Task DisposeAsync()
    {
        if (run is not null)
        {
            await run.DisposeAsync();
        }
    }
}
