using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CitySense.DevHost.LocalServices;

/// <summary>
/// One of the repository's local Node.js services (the local Cosmos server, Azurite's queue service) run as a child
/// process on a free loopback port for the DevHost and the tests: started from its script under tools/, ready when it
/// prints its endpoint, stopped by closing its stdin (the service exits when its stdin closes, so it also ends with this
/// process) and killed if it has not exited 5 s later.
/// </summary>
internal sealed partial class LocalNodeService : IAsyncDisposable
{
    private const int MaxCapturedStderrChars = 16 * 1024;
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly Process process;
    private readonly string name;
    private readonly ILogger logger;
    private int disposed;

    private LocalNodeService(Process process, string name, Uri endpoint, ILogger logger)
    {
        this.process = process;
        this.name = name;
        this.logger = logger;
        Endpoint = endpoint;
        process.Exited += OnExited;
    }

    /// <summary>The endpoint the service announced.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// Starts <paramref name="script"/> with <paramref name="arguments"/>; the service is ready once
    /// <paramref name="readyEndpoint"/> finds an endpoint in a line of its output (and, with
    /// <paramref name="waitUntilAnswering"/>, once that endpoint answers HTTP).
    /// </summary>
    /// <param name="name">What the service is called in messages and logs, e.g. "The local Cosmos server".</param>
    /// <param name="folder">The service's folder, named in the install hint, e.g. "tools/cosmos-local".</param>
    public static async Task<LocalNodeService> StartAsync(
        string name,
        string folder,
        string script,
        IReadOnlyList<string> arguments,
        Func<string, Uri?> readyEndpoint,
        bool waitUntilAnswering,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(script)!;
        if (!File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException($"{name}'s dependencies are not installed in {directory}: run npm ci in {folder}.");
        }

        var stderr = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = StartInfo(script, directory, arguments), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && readyEndpoint(line) is { } endpoint)
            {
                ready.TrySetResult(endpoint);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (stderr)
            {
                if (stderr.Length < MaxCapturedStderrChars)
                {
                    stderr.AppendLine(line);
                }
            }

            Log.ServiceError(logger, name, line);
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("exited"));

        try
        {
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                throw new InvalidOperationException($"Could not start 'node' for {name}; install Node.js 20+ and put it on PATH.", ex);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartupTimeout);
            Uri endpoint;
            try
            {
                endpoint = await ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
                if (waitUntilAnswering)
                {
                    await WaitUntilAnsweringAsync(endpoint, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw await StartupFailureAsync(process, stderr, name, folder, script, ex).ConfigureAwait(false);
            }

            Log.Started(logger, name, endpoint, process.Id);
            return new LocalNodeService(process, name, endpoint, logger);
        }
        catch
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The script at <paramref name="relativePath"/> above the app's or the current directory.</summary>
    public static string FindScript(string relativePath)
    {
        var starts = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"Could not find {relativePath} above {string.Join(" or ", starts)}; run from inside the repository.");
    }

    /// <summary>Stops the service: closes its stdin, waits up to 5 s, then kills the process tree.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        process.Exited -= OnExited;
        await StopAsync(process).ConfigureAwait(false);
        Log.Stopped(logger, name, Endpoint);
    }

    private void OnExited(object? sender, EventArgs e)
    {
        if (Volatile.Read(ref disposed) == 0)
        {
            Log.ExitedUnexpectedly(logger, name, Endpoint, process.ExitCode);
        }
    }

    private static ProcessStartInfo StartInfo(string script, string directory, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static async Task WaitUntilAnsweringAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return; // Any HTTP answer means the service is serving.
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<InvalidOperationException> StartupFailureAsync(
        Process process, StringBuilder stderr, string name, string folder, string script, Exception cause)
    {
        string state;
        if (HasExited(process))
        {
            // Let the stderr reader drain so the message below is complete.
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await process.WaitForExitAsync(drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Best effort.
            }

            state = $"exited with code {process.ExitCode}";
        }
        else
        {
            state = $"did not become ready within {StartupTimeout.TotalSeconds:0} s";
        }

        string captured;
        lock (stderr)
        {
            captured = stderr.ToString().Trim();
        }

        var hint = captured.Contains("Cannot find module", StringComparison.Ordinal)
            ? $" Its dependencies are missing: run npm ci in {folder}."
            : string.Empty;
        return new InvalidOperationException(
            $"{name} ({script}) {state}.{hint}" +
            (captured.Length > 0 ? $"{Environment.NewLine}stderr:{Environment.NewLine}{captured}" : " No stderr output."),
            cause);
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!HasExited(process))
            {
                try
                {
                    process.StandardInput.Close(); // The service exits when its stdin closes.
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException)
                {
                    // Pipe already gone; fall through to waiting/killing.
                }

                using var wait = new CancellationTokenSource(ShutdownTimeout);
                try
                {
                    await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true; // Not started.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{Service} listening on {Endpoint} (pid {ProcessId})")]
        public static partial void Started(ILogger logger, string service, Uri endpoint, int processId);

        [LoggerMessage(Level = LogLevel.Information, Message = "{Service} on {Endpoint} stopped")]
        public static partial void Stopped(ILogger logger, string service, Uri endpoint);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Service} on {Endpoint} exited unexpectedly with code {ExitCode}")]
        public static partial void ExitedUnexpectedly(ILogger logger, string service, Uri endpoint, int exitCode);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: {Line}")]
        public static partial void ServiceError(ILogger logger, string service, string line);
    }
}
