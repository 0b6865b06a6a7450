using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CitySense.DevHost.LocalQueues;

/// <summary>
/// Runs Azurite's queue service in memory (<c>tools/azurite-local/queue.js</c>) as a child process on a free loopback
/// port. The child exits when this object is disposed or when this process dies (it watches its stdin).
/// </summary>
public sealed partial class LocalQueueServer : IAsyncDisposable
{
    /// <summary>Azurite's published development account key: NOT a secret, it only opens local emulators.</summary>
    public const string WellKnownKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string ReadyPrefix = "Azurite Queue service successfully listens on ";
    private const string RelativeScriptPath = "tools/azurite-local/queue.js";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly ILogger logger;
    private int disposed;

    private LocalQueueServer(Process process, Uri endpoint, ILogger logger)
    {
        this.process = process;
        this.logger = logger;
        Endpoint = endpoint;
    }

    /// <summary>The queue endpoint of the development account, e.g. <c>http://127.0.0.1:51234/devstoreaccount1</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>A connection string for <see cref="Endpoint"/>, as the Functions host and Azure.Storage.Queues take it.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={WellKnownKey};QueueEndpoint={Endpoint};";

    public static async Task<LocalQueueServer> StartAsync(ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var script = FindScript();
        var directory = Path.GetDirectoryName(script)!;
        if (!File.Exists(Path.Combine(directory, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException($"Azurite is not installed in {directory}: run npm ci in tools/azurite-local.");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { script, "--queueHost", "127.0.0.1", "--queuePort", "0", "--silent" })
        {
            info.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
                && Uri.TryCreate(line[ReadyPrefix.Length..].Trim().TrimEnd('/') + "/devstoreaccount1", UriKind.Absolute, out var uri))
            {
                ready.TrySetResult(uri);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Log.ServerError(logger, line);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Azurite ({script}) exited before it listened."));
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start 'node' for Azurite; install Node.js 20+ and put it on PATH.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var endpoint = await ready.Task.WaitAsync(StartupTimeout, cancellationToken).ConfigureAwait(false);
            Log.Started(logger, endpoint, process.Id);
            return new LocalQueueServer(process, endpoint, logger);
        }
        catch
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server: closes its stdin, waits up to 5 s, then kills it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await StopAsync(process).ConfigureAwait(false);
            Log.Stopped(logger, Endpoint);
        }
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
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
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // Never started, or already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string FindScript()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
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

        throw new FileNotFoundException($"Could not find {RelativeScriptPath} above the app or current directory.");
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Local queue service (Azurite) listening on {Endpoint} (pid {ProcessId})")]
        public static partial void Started(ILogger logger, Uri endpoint, int processId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Local queue service on {Endpoint} stopped")]
        public static partial void Stopped(ILogger logger, Uri endpoint);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Azurite: {Line}")]
        public static partial void ServerError(ILogger logger, string line);
    }
}
