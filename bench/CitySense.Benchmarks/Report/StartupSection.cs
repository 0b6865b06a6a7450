using System.Globalization;
using System.Text;

namespace CitySense.Benchmarks.Report;

/// <summary>
/// Section 4 of bench/RESULTS.md: process start to the first keyed 200 of the DevHost published with and without
/// ReadyToRun against a running store, and the README's command that starts its own store; then what the Functions
/// app does at start-up.
/// </summary>
internal static class StartupSection
{
    private const string StartupSteps = """
        The first two rows are the shape of a Functions cold start: the worker starts against an account that is already
        there and its first request carries a key. The DevHost runs the same start-up as the Functions worker
        (`AddCitySense`, the Cosmos client, the generated function metadata) plus its own host; both publications are
        framework-dependent for linux-x64 and differ only in `PublishReadyToRun`. The third row adds what only a local
        run does (a Node.js child process, database and container creation, demo sensors).

        What the Functions app does at start-up (`src/CitySense.Functions/Program.cs`), in order:
        1. .NET runtime start, assembly loading, and JIT of whatever is not precompiled: the deploy workflow publishes
           the app ReadyToRun for linux-x64 (`PublishReadyToRun`, asserted by the deployment tests), so most methods of
           the app and its packages start from native code (the .NET and ASP.NET Core frameworks already do).
        2. `FunctionsApplication.CreateBuilder` and `ConfigureFunctionsWebApplication()`: configuration, logging, the
           worker's gRPC channel to the Functions host and the ASP.NET Core integration (the host proxies HTTP to it).
        3. Function discovery costs nothing at run time: the Worker SDK generates the metadata provider and a direct
           executor at build time (`GeneratedFunctionMetadataProvider`, `DirectFunctionExecutor`), so there is no
           assembly scan at start and no reflection per invocation. (The DevHost reads the same generated metadata once
           and now reflects over each function's parameters once, at mapping, instead of on every request.)
        4. `AddCitySense(configuration)`: registrations only; every service is a singleton created on first use.
           `ReadingOptions` are validated at start (`ValidateOnStart`, no I/O).
        5. Hosted services. `CosmosProvisioner` creates the database and containers only when `Cosmos:CreateIfNotExists`
           is set (local runs; never in Azure, where Bicep does). Because it takes the `CosmosClient`, the client is
           created at start rather than lazily on the first request — checked, and kept: creating it does no I/O (options
           and a `DefaultAzureCredential` object), and the warm-up below needs it then anyway.
           `CosmosWarmUp` (`src/CitySense.Cosmos/CosmosWarmUp.cs`) starts a background task that
           point-reads an id that never exists in each container (404, about 1 RU each). That fills what the first request
           would otherwise wait for: account metadata, the containers' routing maps (partition key ranges), in Direct mode
           the replica addresses and their TCP/TLS connections, and the managed identity's first Entra ID token. Start-up
           does not wait for it and cannot fail because of it; the first request joins whatever is still in flight. It is
           on by default in Azure (no account key) and off for the local server and the emulator (nothing to gain there);
           `Cosmos:WarmUpOnStart` overrides. `RoundTripTests.WarmUp_Enabled_OneAbsentPointReadPerContainerThenLatestStillOneRead`
           asserts what it sends.
        6. On the first request of each kind, System.Text.Json builds the (reflection-based) metadata of the request and
           response types once; the OpenAPI document is read from the assembly once, when it is first asked for (its
           JSON form is generated from the YAML at build time, not converted at run time).

        Not done here, and the next steps for Flex Consumption cold starts (their effect cannot be measured without an
        Azure account): set `AZURE_TOKEN_CREDENTIALS=prod` so `DefaultAzureCredential` does not try developer credentials;
        System.Text.Json source generation for the API contracts; and, where a cold start must never be seen, always-ready
        instances (prod runs 2; what they add per stage and cost: docs/azure.md, docs/cost.md).
        """;

    public static void Append(StringBuilder text, BenchRun run)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(run);
        var runs = new[] { run.StartupOwnStoreMs.Count, run.StartupRunningStoreMs.Count, run.StartupReadyToRunMs.Count }.Max();
        var jit = Statistics.Median(run.StartupRunningStoreMs);
        var readyToRun = Statistics.Median(run.StartupReadyToRunMs);
        text.Append(CultureInfo.InvariantCulture, $"""
            ## 4. Start-up

            Process start (`dotnet CitySense.DevHost.dll`, Release) to the first 200, median of {runs} runs each, the
            configurations taking turns. Against a running store the request is `GET …/readings/latest` with the function key
            (`x-functions-key`, `DevHost__FunctionKey` set), one point read; the README's command is timed to `/api/health`.

            | configuration | runs (ms) | median |
            | --- | --- | --- |
            | running store (`Cosmos__Endpoint` set), published **ReadyToRun** (`-r linux-x64 -p:PublishReadyToRun=true`), first keyed 200 | {Runs(run.StartupReadyToRunMs)} | {Milliseconds(readyToRun)} ms |
            | running store, published without ReadyToRun (JIT only), first keyed 200 | {Runs(run.StartupRunningStoreMs)} | {Milliseconds(jit)} ms |
            | README's command: starts its own local Cosmos server (Node.js), creates the database and containers, registers the demo sensors | {Runs(run.StartupOwnStoreMs)} | {Milliseconds(Statistics.Median(run.StartupOwnStoreMs))} ms |

            {Saving(jit, readyToRun)}


            """);
        text.Append(StartupSteps).Append('\n');
    }

    /// <summary>What ReadyToRun took off the median, or why that cannot be said.</summary>
    internal static string Saving(double? jit, double? readyToRun)
    {
        if (jit is not { } without || readyToRun is not { } with || without <= 0)
        {
            return "ReadyToRun against JIT: n/a (a configuration has no runs).";
        }

        var saved = without - with;
        return saved >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"ReadyToRun took **{saved:0} ms ({saved / without:P0})** off the median start to the first keyed 200.")
            : string.Create(CultureInfo.InvariantCulture, $"ReadyToRun was **{-saved:0} ms slower** at the median in this run (noise on a shared machine, or a regression: run again).");
    }

    private static string Runs(IEnumerable<double> milliseconds) =>
        string.Join(' ', milliseconds.Select(ms => ms.ToString("0.###", CultureInfo.InvariantCulture)));

    private static string Milliseconds(double? median) =>
        median is { } value ? value.ToString("0.###", CultureInfo.InvariantCulture) : Format.NotAvailable;
}
