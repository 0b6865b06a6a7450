using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitySense.DevHost.LocalCosmos;

/// <summary>
/// Runs the in-memory local Cosmos DB server (<c>tools/cosmos-local/server.js</c>) as a child
/// process on a free loopback port. Connect with Gateway mode and <c>LimitToEndpoint = true</c>.
/// The child watches its stdin: it exits when this object is disposed or when this process dies.
/// </summary>
public sealed partial class LocalCosmosServer : IAsyncDisposable
{
    /// <summary>
    /// The publicly documented Cosmos DB emulator account key. It is NOT a secret: it only
    /// authenticates against local emulators/servers and is published in the emulator docs.
    /// </summary>
    public const string WellKnownKey =
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private const string ReadyPrefix = "CITYSENSE_COSMOS_READY ";
    private const string RelativeScriptPath = "tools/cosmos-local/server.js";
    private const int MaxCapturedStderrChars = 16 * 1024;
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly ILogger _logger;
    private int _disposed;

    private LocalCosmosServer(Process process, Uri endpoint, ILogger logger)
    {
        _process = process;
        Endpoint = endpoint;
        _logger = logger;
        _process.Exited += OnExited;
    }

    /// <summary>The server's endpoint, e.g. <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The account key to use with <see cref="Endpoint"/> (<see cref="WellKnownKey"/>).</summary>
    public string Key { get; } = WellKnownKey;

    /// <summary>Starts the server found by walking up from the app and current directories.</summary>
    public static Task<LocalCosmosServer> StartAsync(ILogger? logger = null, CancellationToken ct = default) =>
        StartCoreAsync(FindServerScript(), logger ?? NullLogger.Instance, ct);

    /// <summary>Starts the server from an explicit <c>server.js</c> path or its folder.</summary>
    public static Task<LocalCosmosServer> StartAsync(
        string serverScriptPath, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverScriptPath);
        var full = Path.GetFullPath(serverScriptPath);
        if (Directory.Exists(full))
        {
            full = Path.Combine(full, "server.js");
        }

        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Local Cosmos server script not found: {full}", full);
        }

        return StartCoreAsync(full, logger ?? NullLogger.Instance, ct);
    }

    /// <summary>Stops the server: closes its stdin, waits up to 5 s, then kills the process tree.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _process.Exited -= OnExited;
        await StopAsync(_process).ConfigureAwait(false);
        Log.Stopped(_logger, Endpoint);
    }

    private void OnExited(object? sender, EventArgs e)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            Log.ExitedUnexpectedly(_logger, Endpoint, _process.ExitCode);
        }
    }

    private static async Task<LocalCosmosServer> StartCoreAsync(string script, ILogger logger, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(script)!;
        if (!File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException(
                $"The local Cosmos server's dependencies are not installed in {directory}: " +
                "run npm ci in tools/cosmos-local.");
        }

        var stderr = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = CreateStartInfo(script, directory),
            EnableRaisingEvents = true,
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
                && Uri.TryCreate(line[ReadyPrefix.Length..].Trim(), UriKind.Absolute, out var uri))
            {
                ready.TrySetResult(uri);
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

            Log.ServerError(logger, line);
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
                throw new InvalidOperationException(
                    "Could not start 'node' for the local Cosmos server; install Node.js 20+ and put it on PATH.", ex);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartupTimeout);
            Uri endpoint;
            try
            {
                endpoint = await ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
                await WaitUntilAnsweringAsync(endpoint, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException
                                       && !ct.IsCancellationRequested)
            {
                throw await StartupFailureAsync(process, stderr, script, ex).ConfigureAwait(false);
            }

            Log.Started(logger, endpoint, process.Id);
            return new LocalCosmosServer(process, endpoint, logger);
        }
        catch
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }
    }

    private static ProcessStartInfo CreateStartInfo(string script, string directory)
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
        foreach (var arg in new[] { script, "--port", "0", "--host", "127.0.0.1" })
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static async Task WaitUntilAnsweringAsync(Uri endpoint, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(endpoint, ct).ConfigureAwait(false);
                return; // Any HTTP answer means the server is serving.
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<InvalidOperationException> StartupFailureAsync(
        Process process, StringBuilder stderr, string script, Exception cause)
    {
        string state;
        if (process.HasExited)
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
            ? " Its dependencies are missing: run npm ci in tools/cosmos-local."
            : string.Empty;
        return new InvalidOperationException(
            $"The local Cosmos server ({script}) {state}.{hint}" +
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
                    process.StandardInput.Close(); // The server exits when its stdin closes.
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

    private static string FindServerScript()
    {
        var starts = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativeScriptPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            $"Could not find {RelativeScriptPath} above {string.Join(" or ", starts)}; " +
            "pass the path to LocalCosmosServer.StartAsync explicitly.");
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Local Cosmos server listening on {Endpoint} (pid {ProcessId})")]
        public static partial void Started(ILogger logger, Uri endpoint, int processId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Local Cosmos server on {Endpoint} stopped")]
        public static partial void Stopped(ILogger logger, Uri endpoint);

        [LoggerMessage(Level = LogLevel.Error, Message = "Local Cosmos server on {Endpoint} exited unexpectedly with code {ExitCode}")]
        public static partial void ExitedUnexpectedly(ILogger logger, Uri endpoint, int exitCode);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Local Cosmos server: {Line}")]
        public static partial void ServerError(ILogger logger, string line);
    }
}
