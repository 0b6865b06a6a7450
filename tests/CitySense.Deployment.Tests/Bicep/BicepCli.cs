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

    public static string ExecutablePath => Executable.Value;

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync(ExecutablePath, arguments, workingDirectory, Timeout);

    /// <summary>
    /// Runs the CLI with extra environment variables (read by readEnvironmentVariable in .bicepparam
    /// files). ProcessRunner passes the test process environment through unchanged, so env(1) adds them.
    /// </summary>
    public static Task<ProcessResult> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "/usr/bin/env",
            [.. environment.Select(variable => $"{variable.Key}={variable.Value}"), ExecutablePath, .. arguments],
            workingDirectory,
            Timeout);

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The tests use the linux-x64 Bicep CLI package.");
        }

        var packageDirectory = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPackageDirectory")?.Value;
        if (string.IsNullOrEmpty(packageDirectory))
        {
            throw new InvalidOperationException(
                "BicepPackageDirectory is missing: restore CitySense.Deployment.Tests so the Azure.Bicep.CommandLine.linux-x64 package is in the NuGet cache.");
        }

        var path = Path.Combine(packageDirectory, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The Bicep CLI is not at {path}; the package layout changed.");
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
