using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>The bootstrap script run once on an empty tenant and repository, shared by the tests that inspect it.</summary>
public sealed class FreshBootstrapRun : IAsyncLifetime
{
    private ProcessResult? result;

    public ScriptSandbox Sandbox { get; } = BootstrapSandbox.Create();

    public ProcessResult Result => result ?? throw new InvalidOperationException("The bootstrap script has not run.");

    /// <summary>The stand-in calls of the run.</summary>
    public IReadOnlyList<string> Calls { get; private set; } = [];

    public async Task InitializeAsync()
    {
        result = await BootstrapSandbox.RunAsync(Sandbox, BootstrapSandbox.Arguments);
        Calls = Sandbox.Calls;
    }

    public Task DisposeAsync()
    {
        Sandbox.Dispose();
        return Task.CompletedTask;
    }
}
