using System.Text.RegularExpressions;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>shellcheck with zero findings on every script of the repository and on every inline workflow script.</summary>
public sealed partial class ShellcheckTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Folders that hold build output or third-party code, never CitySense scripts.</summary>
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal)
    {
        ".git", "node_modules", "bin", "obj", "TestResults", ".azure", ".vs",
    };

    private static readonly string[] DeploymentScripts =
    [
        "scripts/bootstrap-github-oidc.sh",
        "scripts/rollback.sh",
        "scripts/smoke-test.sh",
    ];

    /// <summary>
    /// Inline scripts contain GitHub expressions and read variables set by `env:`; the same rules
    /// actionlint turns off for them: SC2154 (variable not assigned in the script), SC2050/SC2157/SC2194
    /// (constant comparisons that appear once expressions are replaced) and SC1091 (sourced files).
    /// </summary>
    private const string InlineScriptExclusions = "SC1091,SC2050,SC2154,SC2157,SC2194";

    /// <summary>Every *.sh file of the repository (outside build output and node_modules), plus .ci/run.</summary>
    public static IReadOnlyList<string> ScriptFiles()
    {
        var scripts = new List<string>();
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(RepoPaths.Root)]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in directory.EnumerateDirectories().Where(child => !SkippedDirectories.Contains(child.Name)))
            {
                pending.Push(child);
            }

            scripts.AddRange(directory.EnumerateFiles("*.sh").Select(file => Path.GetRelativePath(RepoPaths.Root, file.FullName)));
        }

        if (File.Exists(RepoPaths.Combine(".ci", "run")))
        {
            scripts.Add(Path.Combine(".ci", "run"));
        }

        return scripts.Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void ScriptFiles_Repository_IncludeTheDeploymentScripts()
    {
        var scripts = ScriptFiles();

        foreach (var script in DeploymentScripts)
        {
            Assert.Contains(script.Replace('/', Path.DirectorySeparatorChar), scripts);
        }
    }

    [Fact]
    public async Task Shellcheck_EveryScript_HasNoFindings()
    {
        var shellcheck = RequireShellcheck();
        var scripts = ScriptFiles();

        var result = await ProcessRunner.RunAsync(
            shellcheck, ["--norc", "--external-sources", "--format=gcc", .. scripts], RepoPaths.Root, Timeout);

        Assert.True(
            result.ExitCode == 0,
            $"shellcheck found problems in {string.Join(", ", scripts)}:{Environment.NewLine}{result.Output}");
    }

    [Fact]
    public async Task Shellcheck_EveryInlineWorkflowScript_HasNoFindings()
    {
        var shellcheck = RequireShellcheck();
        var directory = Directory.CreateTempSubdirectory("citysense-inline-scripts-");
        try
        {
            var files = new List<string>();
            foreach (var (origin, script) in InlineScripts())
            {
                var file = Path.Combine(directory.FullName, $"{files.Count:D3}-{SafeName().Replace(origin, "-")}.sh");
                // GitHub runs bash steps as `bash -e -o pipefail`; expressions become plain words.
                await File.WriteAllTextAsync(file, "#!/usr/bin/env bash\nset -eo pipefail\n" + Expression().Replace(script, "GITHUB_EXPRESSION") + "\n");
                files.Add(file);
            }

            Assert.NotEmpty(files);
            var result = await ProcessRunner.RunAsync(
                shellcheck, ["--norc", "--format=gcc", $"--exclude={InlineScriptExclusions}", .. files], directory.FullName, Timeout);

            Assert.True(result.ExitCode == 0, $"shellcheck found problems in inline workflow scripts:{Environment.NewLine}{result.Output}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Shellcheck_BrokenScript_ReportsTheFinding()
    {
        var shellcheck = RequireShellcheck();
        var file = Path.Combine(Path.GetTempPath(), $"citysense-broken-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, "#!/usr/bin/env bash\nrm -rf $1/*\n");
        try
        {
            var result = await ProcessRunner.RunAsync(shellcheck, ["--norc", "--format=gcc", file], Path.GetTempPath(), Timeout);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("SC2086", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("scripts/bootstrap-github-oidc.sh")]
    [InlineData("scripts/rollback.sh")]
    [InlineData("scripts/smoke-test.sh")]
    public void DeploymentScript_File_IsExecutableStrictBash(string script)
    {
        var path = RepoPaths.Combine(script.Split('/'));
        var lines = File.ReadAllLines(path);

        Assert.Equal("#!/usr/bin/env bash", lines[0]);
        Assert.Contains("set -euo pipefail", lines);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable (chmod +x).");
        }
    }

    /// <summary>The bash `run:` scripts of every workflow and local composite action, with where they come from.</summary>
    private static IEnumerable<(string Origin, string Script)> InlineScripts()
    {
        var files = WorkflowFile.All().ToList();
        files.AddRange(Directory.EnumerateFiles(RepoPaths.Combine(".github", "actions"), "action.y*ml", SearchOption.AllDirectories)
            .Select(WorkflowFile.Load));
        foreach (var file in files)
        {
            var steps = file.Jobs.SelectMany(job => job.Steps.Select(step => (Origin: $"{file.Name}-{job.Id}", Step: step)))
                .Concat(file.CompositeSteps().Select(step => (Origin: file.Name, Step: step)));
            foreach (var (origin, step) in steps)
            {
                if (step.Run is { } run && (step.Shell is null || step.Shell == "bash"))
                {
                    yield return (origin, run);
                }
            }
        }
    }

    private static string RequireShellcheck()
    {
        if (!ProcessRunner.IsOnPath("shellcheck"))
        {
            Assert.Fail("shellcheck is not installed. Install it with `sudo apt-get install -y shellcheck` (Debian/Ubuntu; GitHub's ubuntu runners have it).");
        }

        return "shellcheck";
    }

    [GeneratedRegex(@"\$\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex SafeName();
}
