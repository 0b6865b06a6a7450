using System.Text.RegularExpressions;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// shellcheck with zero findings on every script of the repository and on every inline workflow script
/// (the WebAssembly actionlint cannot run shellcheck itself), and every script is strict, executable bash.
/// </summary>
public sealed partial class ShellcheckTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Folders that hold build output or third-party code, never CitySense scripts.</summary>
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal)
    {
        ".git", "node_modules", "bin", "obj", "TestResults", ".azure", ".vs",
    };

    /// <summary>
    /// Inline scripts contain GitHub expressions and read variables set by `env:`; the same rules
    /// actionlint turns off for them: SC2154 (variable not assigned in the script), SC2050/SC2157/SC2194
    /// (constant comparisons that appear once expressions are replaced) and SC1091 (sourced files).
    /// </summary>
    private const string InlineScriptExclusions = "SC1091,SC2050,SC2154,SC2157,SC2194";

    [Fact]
    public async Task Shellcheck_EveryScript_FindsNothing()
    {
        var scripts = ScriptFiles();

        var result = await ProcessRunner.RunAsync(
            Shellcheck(), ["--norc", "--external-sources", "--format=gcc", .. scripts], RepoPaths.Root, Timeout);

        Assert.Contains(Path.Combine("scripts", "smoke-test.sh"), scripts);
        Assert.True(result.ExitCode == 0, $"shellcheck found problems in {string.Join(", ", scripts)}:{Environment.NewLine}{result.Output}");
    }

    [Fact]
    public async Task Shellcheck_EveryInlineWorkflowScript_FindsNothing()
    {
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

            var result = await ProcessRunner.RunAsync(
                Shellcheck(), ["--norc", "--format=gcc", $"--exclude={InlineScriptExclusions}", .. files], directory.FullName, Timeout);

            Assert.NotEmpty(files);
            Assert.True(result.ExitCode == 0, $"shellcheck found problems in inline workflow scripts:{Environment.NewLine}{result.Output}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>shellcheck does not ask for strict mode or the execute bit; the house rules do.</summary>
    [Fact]
    public void Scripts_Repository_AreExecutableStrictBash()
    {
        Assert.All(ScriptFiles(), script =>
        {
            var path = RepoPaths.Combine(script);
            var lines = File.ReadAllLines(path);
            Assert.Equal("#!/usr/bin/env bash", lines[0]);
            Assert.Contains("set -euo pipefail", lines);
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable (chmod +x).");
        });
    }

    /// <summary>Every *.sh file of the repository (outside build output and node_modules), plus .ci/run.</summary>
    private static List<string> ScriptFiles()
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

        return [.. scripts.Order(StringComparer.Ordinal)];
    }

    /// <summary>The bash `run:` scripts of every workflow and local composite action, with where they come from.</summary>
    private static IEnumerable<(string Origin, string Script)> InlineScripts() =>
        from file in WorkflowFile.AllWithActions()
        from origin in file.Jobs.SelectMany(job => job.Steps.Select(step => (Origin: $"{file.Name}-{job.Id}", Step: step)))
            .Concat(file.CompositeSteps().Select(step => (Origin: file.Name, Step: step)))
        where origin.Step.Run is not null && (origin.Step.Shell is null || origin.Step.Shell == "bash")
        select (origin.Origin, origin.Step.Run!);

    private static string Shellcheck()
    {
        Assert.True(
            ProcessRunner.IsOnPath("shellcheck"),
            "shellcheck is not installed. Install it with `sudo apt-get install -y shellcheck` (Debian/Ubuntu; GitHub's ubuntu runners have it).");
        return "shellcheck";
    }

    [GeneratedRegex(@"\$\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex SafeName();
}
