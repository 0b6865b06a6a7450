using System.Reflection;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package that restore put in the NuGet
/// cache; the project file passes its folder in as assembly metadata, so nothing is downloaded.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>Generous: several CLI runs share two cores while the fixture starts them together.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs the CLI with extra environment variables (read by readEnvironmentVariable in .bicepparam files).</summary>
    public static Task<ProcessResult> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "/usr/bin/env",
            [.. environment.Select(variable => $"{variable.Key}={variable.Value}"), Executable.Value, .. arguments],
            workingDirectory,
            Timeout);

    private static string Locate()
    {
        var packageDirectory = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPackageDirectory")?.Value;
        var path = Path.Combine(packageDirectory ?? string.Empty, "tools", "bicep");
        if (string.IsNullOrEmpty(packageDirectory) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at '{path}': restore CitySense.Deployment.Tests (linux-x64) so the Azure.Bicep.CommandLine.linux-x64 package is in the NuGet cache.");
        }

        // Package extraction does not promise to keep the execute bit.
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}
