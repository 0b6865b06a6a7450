using System.Diagnostics;

namespace CitySense.ContractTests.Support;

/// <summary>What a finished command printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a command line tool from the repository root, to completion, within a time limit.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within 3 minutes.");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
