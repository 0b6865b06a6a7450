using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// A temporary directory in which a repository script runs against stand-in commands (az, azd, gh)
/// placed first on PATH. The stand-ins append each call to <see cref="LogPath"/> and may keep state
/// in <see cref="StateDirectory"/>, so a test can assert what the script asked the real tools to do.
/// </summary>
public sealed class ScriptSandbox : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Tools the scripts call that the sandbox does not stand in for.</summary>
    private static readonly string[] RequiredTools = ["bash", "curl", "jq"];

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("citysense-script-");

    public ScriptSandbox()
    {
        Directory.CreateDirectory(BinDirectory);
        Directory.CreateDirectory(StateDirectory);
        File.WriteAllText(LogPath, string.Empty);
    }

    public string BinDirectory => Path.Combine(root.FullName, "bin");

    public string StateDirectory => Path.Combine(root.FullName, "state");

    public string LogPath => Path.Combine(root.FullName, "calls.log");

    public string PathOf(string fileName) => Path.Combine(root.FullName, fileName);

    /// <summary>Every stand-in call so far, one line each (the command and its arguments joined by spaces).</summary>
    public IReadOnlyList<string> Calls => File.ReadAllLines(LogPath);

    /// <summary>Writes an executable bash stand-in for <paramref name="command"/>; it logs its call before <paramref name="body"/> runs.</summary>
    public void AddCommand(string command, string body)
    {
        var path = Path.Combine(BinDirectory, command);
        File.WriteAllText(path, $"#!/usr/bin/env bash\nset -euo pipefail\nprintf '%s\\n' \"{command} $*\" >> \"$STUB_LOG\"\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void ClearCalls() => File.WriteAllText(LogPath, string.Empty);

    /// <summary>Runs a repository script (e.g. <c>scripts/smoke-test.sh</c>) with the stand-ins first on PATH.</summary>
    public Task<ProcessResult> RunAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        foreach (var tool in RequiredTools.Where(tool => !ProcessRunner.IsOnPath(tool)))
        {
            Assert.Fail($"The deployment scripts need '{tool}', which is not installed. Install it with `sudo apt-get install -y {tool}` (GitHub's ubuntu runners have it).");
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = $"{BinDirectory}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["STUB_LOG"] = LogPath,
            ["STUB_STATE"] = StateDirectory,
            // Behave the same inside and outside GitHub Actions.
            ["GITHUB_ACTIONS"] = string.Empty,
            ["GITHUB_OUTPUT"] = PathOf("github-output"),
            ["GITHUB_RUN_ID"] = "4711",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        string[] command = [.. variables.Select(variable => $"{variable.Key}={variable.Value}"), RepoPaths.Combine(script.Split('/')), .. arguments];
        return ProcessRunner.RunAsync("env", command, root.FullName, Timeout);
    }

    public void Dispose() => root.Delete(recursive: true);
}
