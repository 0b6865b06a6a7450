using System.Globalization;
using System.Text;
using CitySense.Benchmarks.Delivery;
using CitySense.Benchmarks.Handlers;
using CitySense.Benchmarks.Load;
using CitySense.Benchmarks.RoundTrips;

namespace CitySense.Benchmarks.Report;

/// <summary>
/// bench/RESULTS.md from one run's measurements: the run's facts, the targets table with its verdicts, and the four
/// sections (round trips, end-to-end throughput against the store floor, handler cost, start-up) with the prose
/// that says how each figure was measured and how to read it.
/// </summary>
internal static class ResultsDocument
{
    /// <summary>DevHost start-up to its first 200 must take at most this long after a build.</summary>
    public const double StartupTargetSeconds = 1.5;

    private const string QuickNote =
        "> **BENCH_QUICK=1: a short harness check. These figures are not results; run `bench/run.sh` without it.**";

    private const string WhyMissed = """
        Why a figure misses its target or is noisy, and what would fix it:
        - **API ÷ store floor.** Locally the store is one Node.js thread that does the real work of every request, and
          the API run puts three busy processes on the 2 cores (hey, the DevHost, the store) where the floor run puts two
          (the SDK client, the store): the DevHost's own CPU per request (Kestrel, routing, JSON, the SDK call) is taken
          from the store, not added to an idle machine. Ingest is one HTTP request and two to three store operations, so
          there the floor and the API both spend most of their time in the store; latest is one request for one point
          read, which exposes the host's overhead the most. Against Cosmos DB in Azure a point read takes milliseconds of
          network time and the API adds tens of microseconds of CPU per request (section 3), so the ratio is bound to sit
          near 1. At concurrency 1 nothing competes and the ratio is latency alone: the API adds an HTTP hop (hey →
          Kestrel → function → SDK) of about a millisecond on this machine to a point read of a few tenths of one, so
          latest sits far below 0.7 there; the target is set at concurrency 32. To measure the host's share properly: a machine with cores to spare, with hey, the floor client and the
          store each pinned to cores of their own (`taskset`), so that neither side takes CPU from the store.
        - **DevHost first 200.** Almost all of it is the .NET start-up of a large app and JIT: ASP.NET Core, the Functions
          worker assemblies the DevHost loads, and the Cosmos SDK, whose first request also fetches the account and
          container metadata. On a loaded 2-core machine each of these waits for a core. Publishing ReadyToRun
          (`-r linux-x64 -p:PublishReadyToRun=true`) moves most of the JIT to build time: section 4 measures both, and the
          deploy workflow publishes the Functions app that way.
        - **Handler ÷ raw.** Both handlers parse, validate and serialize the same JSON and call the same stores, and
          allocate about the same. Which one is faster changes from run to run on this machine (over the runs made while
          writing this harness the ingest ratio ranged from 0.3 to 1.15): single medians move by tens of percent (see
          BenchmarkDotNet's error column in the console output), so ratios within about ±0.3 of 1 mean "the same".
        """;

    private const string HistoryPages = """
        A history page costs the sensor read plus one query per month partition it reads, and it reads only the months
        the sensor records as holding readings (`readingMonths`, docs/data-model.md): one query for each history above,
        and one for the sparse sensor whose 10 readings lie in one month 100 days ago (before that record, such a page
        walked every month back to the retention floor: 14 operations). Asserted in the normal test run:
        create sensor 3 (audit record, sensor, commit), get sensor 1, update 4, delete 5, ingest 2 (late ingest 3; an
        operator's ingest and reads one grant read more, a public key's none), latest 1 point read at 10 and 1,000 readings, the batch of 500
        (one patch per sensor, then 500 creates, `BatchParallelism` in flight), near page 1 query, latest-near page 1 query.
        """;

    public static string Render(BenchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        AppendHeader(text, run);
        AppendTargets(text, run);
        text.Append('\n').Append(WhyMissed).Append('\n');
        AppendRoundTrips(text, run.RoundTrips);
        AppendAggregates(text, run.Aggregates);
        AppendThroughput(text, run);
        AppendDelivery(text, run.Delivery);
        AppendHandlers(text, run.Handlers);
        StartupSection.Append(text, run);
        return text.ToString();
    }

    private static void AppendHeader(StringBuilder text, BenchRun run)
    {
        var facts = run.Facts;
        var commit = facts.UncommittedChanges ? facts.Commit + " (with uncommitted changes)" : facts.Commit;
        var memory = run.Machine.MemoryGib is { } gib ? Format.Fixed(gib, 1) : Format.NotAvailable;
        var hey = facts.HeyVersion is { Length: > 0 } version ? version : "(version unknown)";
        var during = facts.LoadDuring.Count > 0 ? string.Join(' ', facts.LoadDuring) : Format.NotAvailable;
        text.Append(CultureInfo.InvariantCulture, $"""
            # CitySense benchmark results

            Written by `bench/run.sh` — do not edit by hand; run it again.

            {(facts.Quick ? QuickNote : string.Empty)}

            | | |
            | --- | --- |
            | date (UTC) | {facts.Finished.UtcDateTime:yyyy-MM-dd HH:mm} |
            | commit | {commit} |
            | machine | {facts.Cores} cores, {run.Machine.CpuModel ?? "unknown CPU"}, {memory} GiB memory, {facts.Kernel} |
            | runtime | .NET SDK {facts.DotnetVersion}, Node.js {facts.NodeVersion}, hey {hey} |
            | load average (1/5/15 min) | at start {facts.LoadAtStart}; during load runs: {during}; at end {facts.LoadAtEnd} |
            | run time | {facts.TotalSeconds} s (Release build {Format.Fixed(facts.BuildSeconds, 0)} s) |

            **This machine is shared and noisy.** Other work runs on the same 2 cores (see the load averages above: a load
            above 2 means processes were waiting for a core). Throughput and latency figures move by tens of percent from run
            to run; the round-trip counts do not. In the load runs, hey, the DevHost, the local Cosmos server (one Node.js
            thread) and the SDK floor client all share those 2 cores.


            """);
    }

    private static void AppendTargets(StringBuilder text, BenchRun run)
    {
        var (latestMet, latestRows) = Count(run.RoundTrips, "latest");
        var (ingestMet, ingestRows) = Count(run.RoundTrips, "single ingest");
        var latestRatio = RatioAtTarget(run, Latest);
        var ingestRatio = RatioAtTarget(run, Ingest);
        var ingestHandler = run.Handlers.TimeRatio("Ingest");
        var latestHandler = run.Handlers.TimeRatio("Latest");
        var running = Seconds(Statistics.Median(run.StartupRunningStoreMs));
        var readyToRun = Seconds(Statistics.Median(run.StartupReadyToRunMs));
        var own = Seconds(Statistics.Median(run.StartupOwnStoreMs));
        var floorTarget = ThroughputRow.TargetRatio;
        var handlerTarget = HandlerTable.TimeTarget;
        var startupTarget = StartupTargetSeconds;
        text.Append(CultureInfo.InvariantCulture, $"""
            ## Targets

            | target | result | verdict |
            | --- | --- | --- |
            | latest = 1 point read at any history size | {latestMet} of {latestRows} history sizes | {Verdict.Of(latestRows > 0 && latestMet == latestRows)} |
            | ingest ≤ 2 operations | {ingestMet} of {ingestRows} history sizes | {Verdict.Of(ingestRows > 0 && ingestMet == ingestRows)} |
            | API ÷ store floor ≥ 0.7 at concurrency 32 | latest {Format.Ratio(latestRatio)}, ingest {Format.Ratio(ingestRatio)} | latest {Verdict.AtLeast(latestRatio, floorTarget)}, ingest {Verdict.AtLeast(ingestRatio, floorTarget)} |
            | handler ≤ 1.5× raw minimal API (time) | ingest {Format.Ratio(ingestHandler)}×, latest {Format.Ratio(latestHandler)}× | ingest {Verdict.AtMost(ingestHandler, handlerTarget)}, latest {Verdict.AtMost(latestHandler, handlerTarget)} |
            | DevHost first keyed 200 ≤ 1.5 s against a running store | {Fixed(readyToRun, 2)} s published ReadyToRun, {Fixed(running, 2)} s without; {Fixed(own, 2)} s when it also starts its own store | ReadyToRun {Verdict.AtMost(readyToRun, startupTarget)}, without {Verdict.AtMost(running, startupTarget)}, own store {Verdict.AtMost(own, startupTarget)} |


            """);
    }

    private static void AppendRoundTrips(StringBuilder text, RoundTripResults roundTrips)
    {
        text.Append("""

            ## 1. Cosmos round trips per API request

            Each API request goes through the DevHost's HTTP pipeline in-process (`WebApplicationFactory`) over the local
            Cosmos server; a counting `RequestHandler` on the app's `CosmosClient` records every request it sends (query-plan
            requests of the SDK excluded). History is seeded with the batch API, one reading per second, ending 10 s before the
            measured ingest. The deterministic counts are also asserted by `tests/CitySense.IntegrationTests/RoundTripTests.cs`
            in the normal test run (`scripts/test.sh`).


            """);
        text.Append(RoundTripTable.Render(roundTrips.Rows)).Append('\n');
        if (!roundTrips.AllMet)
        {
            text.Append("**At least one count missed its target (rows marked no).**\n\n");
        }

        var seeding = roundTrips.Seeding.Select(seed =>
            string.Create(CultureInfo.InvariantCulture, $"Seeded {seed.Readings} readings in {seed.Seconds:0.0} s"));
        text.Append("Seeding (batch API, 500 per request): ").AppendJoin("; ", seeding).Append(".\n");
        text.Append('\n').Append(HistoryPages).Append('\n');
    }

    private static void AppendAggregates(StringBuilder text, AggregateComparison? aggregates)
    {
        if (aggregates is null)
        {
            return;
        }

        text.Append("""

            ### Aggregates against a raw recomputation

            1-hour aggregates of a sensor's whole history (one reading a minute, written through the batch API): asked of
            `GET …/readings/aggregate?interval=1h` the first time (closed buckets computed from the readings and kept),
            again once kept (median of 5), and recomputed by a client from every reading, paging
            `GET …/readings?limit=1000`. Requests are Cosmos requests through the DevHost; times are wall time on this
            machine against the local server (in-memory, 1 RU for everything), so they compare the two ways rather than
            predict Azure. RU estimates for Azure are in docs/cost.md.

            """).Append('\n');
        text.Append(aggregates.Render()).Append('\n');
    }

    private static void AppendThroughput(StringBuilder text, BenchRun run)
    {
        var facts = run.Facts;
        text.Append(CultureInfo.InvariantCulture, $"""

            ## 2. End-to-end throughput

            The DevHost (Release build, `DevHost__SeedDemoData=false`, log level Warning so that the per-reading Information
            log does not measure the console) started its local Cosmos server on 127.0.0.1; hey drove the API with keep-alive
            connections for {facts.Seconds} s per run after a {facts.Warmup} s warm-up. In the same run and against the same server, the
            bench tool drove the store directly with the Cosmos SDK (the client settings the app uses, stream APIs, no
            deserialization), closed-loop with the same concurrency, for the same time after a {facts.FloorWarmup} s warm-up (its
            process starts fresh for each run): **the floor**. For latest, the floor is a point read of the
            same sensor document; for ingest it is the API's own sequence (conditional patch of `latest`, a point read when the
            patch's condition fails, the create of the reading).
            Ingest sends `{facts.Reading}` with no id or timestamp (the API assigns both).

            | API request | concurrency | API req/s | API p50 ms | API p99 ms | errors | floor op/s | floor p50 ms | floor p99 ms | API ÷ floor | target (≥ 0.7 at c=32) |
            | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |

            """);
        foreach (var row in Latest(run).Concat(Ingest(run)))
        {
            var floor = row.Floor;
            text.Append(CultureInfo.InvariantCulture,
                $"| {row.Label} | {row.Api.Concurrency} | {Format.Fixed(row.Api.PerSecond, 0)} | {Format.Fixed(row.Api.P50Ms, 1)} | {Format.Fixed(row.Api.P99Ms, 1)} | {row.Errors} | {Fixed(floor?.PerSecond, 0)} | {Fixed(floor?.P50Ms, 1)} | {Fixed(floor?.P99Ms, 1)} | {Format.Ratio(row.Ratio)} | {row.TargetVerdict} |\n");
        }

        var creates = run.Floor.Where(figures => figures.Operation == "create").Select(figures =>
            $"c={figures.Concurrency}: {Format.Fixed(figures.PerSecond, 0)}/s (p50 {Format.Fixed(figures.P50Ms, 1)} ms)");
        text.Append("\nCreate alone through the SDK (one reading document, no patch), for scale: ").AppendJoin("; ", creates).Append(".\n");
        text.Append("""

            Local ingest and local latest above come from the same run against the same server. The local server compiles
            each shape of filter predicate once and passes a patch's literals as parameters (it used to parse every
            conditional patch anew, about 5 ms each, which held local ingest near 150–250 requests/s whatever the app did;
            docs/reliability.md has the before and after), so ingest now measures the app's two calls rather than the
            server's parser. All processes share the same 2 cores, so API ÷ floor still moves with the machine's load.


            """);
    }

    private static void AppendDelivery(StringBuilder text, DeliveryResults? delivery)
    {
        if (delivery is null)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"""
            ### Webhook delivery: from the ingest acknowledgement to the receiver

            The DevHost in-process (`WebApplicationFactory`, Release, log level Warning) over the local Cosmos server and
            Azurite's queue service it starts, its queue functions run as the queue trigger runs them with host.json's
            settings: up to {delivery.BatchSize} messages a poll, an empty queue polled again after 100 ms, backing off to {Format.Fixed(delivery.MaxPollingSeconds, 0)} s.
            A receiver on 127.0.0.1 answers 204; everything runs in a loopback-only network namespace. Each scenario has a
            sensor and one subscription of its own (the sensor's id and pm25 > 35; every reading matches).
            A reading's latency runs from its ingest answer reaching the client to the receiver getting the first POST
            for it: two queue hops (reading-events → fan-out → webhook-deliveries → signed POST), each waiting for a poll.
            Deliveries/s counts the distinct readings delivered from the first acknowledgement to the last delivery;
            duplicates are POSTs beyond the first per reading (none expected when nothing fails). The local server and
            Azurite are Node.js processes on the same 2 cores as the DevHost and the client, so a loaded scenario measures
            the machine as much as the pipeline.


            """);
        text.Append(delivery.Render()).Append('\n');
    }

    private static void AppendHandlers(StringBuilder text, HandlerResults handlers)
    {
        text.Append("""
            ## 3. Handler cost (BenchmarkDotNet 0.15.8)

            In-process, Release, in-process emit toolchain with a short job (1 launch, 10 warm-up and 15 measured iterations
            of 250 ms each), memory diagnoser on. Both handlers get a fresh `DefaultHttpContext` per operation with the same request
            and write the response body, over the same in-memory `ISensorStore`/`IReadingStore` (no I/O):
            - **CitySense function**: `ReadingFunctions.IngestReading` / `GetLatestReading` called the way the Functions
              worker's generated executor calls them, then the returned `IActionResult` executed.
            - **raw minimal API**: the same endpoint as a plain minimal-API lambda built by `RequestDelegateFactory` (what
              `MapPost`/`MapGet` use): body binding, the same payload checks inline, the same store calls, `TypedResults`.


            """);
        text.Append(HandlerTable.Render(handlers));
        text.Append("""

            Before the measurement each path runs 60,000 times, so that tiered JIT has settled (on this loaded machine the
            first benchmark was otherwise measured half-warm). The full BenchmarkDotNet table (mean, error, standard deviation)
            is printed on the console by `bench/run.sh`.

            Allocations removed from the request path by this work (measured with this harness at commit de52d9c, before the
            changes, and after; bytes are exact, times on this machine too noisy to compare across runs): CitySense ingest
            went from 21,816 to about 5,000 bytes allocated per request. What went: a 16 KB body buffer allocated per request (now a pooled buffer sized
            from Content-Length — `RequestBody`); the payload copied to a string only to count its bytes
            (`JsonValueRules`, now measured in place); the content-type check splitting strings; an empty header dictionary
            per result (`ApiResult`) and an empty error dictionary per valid request (`ValidationErrors`), both now created
            on first use. The DevHost no longer reflects over a function's parameters or creates a logger on every request.
            The payload's `Clone()` was checked and kept: the payload already owns its document, so it costs nothing.


            """);
    }

    private static IReadOnlyList<ThroughputRow> Latest(BenchRun run) =>
        ThroughputRow.Pair("GET …/readings/latest", "latest", "read", run.Api, run.Floor);

    private static IReadOnlyList<ThroughputRow> Ingest(BenchRun run) =>
        ThroughputRow.Pair("POST …/readings", "ingest", "ingest", run.Api, run.Floor);

    private static double? RatioAtTarget(BenchRun run, Func<BenchRun, IReadOnlyList<ThroughputRow>> rows) =>
        rows(run).LastOrDefault(row => row.Api.Concurrency == ThroughputRow.TargetConcurrency)?.Ratio;

    private static (int Met, int Rows) Count(RoundTripResults roundTrips, string operation)
    {
        var rows = roundTrips.Rows.Where(row => row.Operation == operation).ToList();
        return (rows.Count(row => row.Met), rows.Count);
    }

    private static double? Seconds(double? milliseconds) => milliseconds / 1000;

    private static string Fixed(double? value, int decimals) => value is { } number ? Format.Fixed(number, decimals) : Format.NotAvailable;
}
