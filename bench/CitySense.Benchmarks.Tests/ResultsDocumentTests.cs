using CitySense.Benchmarks;
using CitySense.Benchmarks.Delivery;
using CitySense.Benchmarks.Report;
using CitySense.Benchmarks.RoundTrips;

namespace CitySense.Benchmarks.Tests;

/// <summary>
/// bench/RESULTS.md as the report command writes it. Outputs rebuilt from the figures of the last full run (at 8fe465a,
/// when bench/run.sh still rendered the document in awk and bash) must give that run's document, section by section and
/// figure by figure; the expected file differs from it only where the prose describes code that has changed since
/// (the OpenAPI JSON is no longer converted at run time) and in the start-up section, which now also shows the
/// ReadyToRun publication (its figures made up for the fixture). A change of layout or prose updates the expected file.
/// </summary>
public sealed class ResultsDocumentTests
{
    [Fact]
    public void Render_LastFullRunOutputs_TheDocumentThatRunWrote()
    {
        var expected = File.ReadAllText(Path.Combine(Fixtures.LastFullRun, "RESULTS.md"));

        var rendered = ResultsDocument.Render(BenchRun.Load(Fixtures.LastFullRun));

        Assert.Equal(expected, rendered);
    }

    [Fact]
    public void Render_Quick_SaysTheFiguresAreNotResults()
    {
        var run = BenchRun.Load(Fixtures.LastFullRun);

        var rendered = ResultsDocument.Render(run with { Facts = run.Facts with { Quick = true } });

        Assert.Contains("\n> **BENCH_QUICK=1: a short harness check. These figures are not results;", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RoundTripMissed_TargetMissedAndFlaggedUnderTheTable()
    {
        var run = BenchRun.Load(Fixtures.LastFullRun);
        var rows = run.RoundTrips.Rows.Select(row => row.Operation == "latest" && row.History == "10" ? row with { Met = false } : row).ToList();

        var rendered = ResultsDocument.Render(run with { RoundTrips = run.RoundTrips with { Rows = rows } });

        Assert.Contains("| latest = 1 point read at any history size | 2 of 3 history sizes | **missed** |", rendered, StringComparison.Ordinal);
        Assert.Contains("\n**At least one count missed its target (rows marked no).**\n", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SlowStartAndSlowApi_TargetsMissed()
    {
        var run = BenchRun.Load(Fixtures.LastFullRun);
        var api = run.Api.Select(figures => figures.Operation == "latest" && figures.Concurrency == 32 ? figures with { PerSecond = 1000 } : figures).ToList();

        var rendered = ResultsDocument.Render(run with { Api = api, StartupReadyToRunMs = [1400, 1600, 1700] });

        Assert.Contains("| API ÷ store floor ≥ 0.7 at concurrency 32 | latest 0.32, ingest 0.95 | latest **missed**, ingest met |", rendered, StringComparison.Ordinal);
        Assert.Contains("| DevHost first keyed 200 ≤ 1.5 s against a running store | 1.60 s published ReadyToRun, 1.13 s without; 2.44 s when it also starts its own store | ReadyToRun **missed**, without met, own store **missed** |", rendered, StringComparison.Ordinal);
        Assert.Contains("| GET …/readings/latest | 32 | 1000 | 11.0 | 24.7 | 0 | 3173 | 9.3 | 24.4 | 0.32 | **missed** |", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeliveryMeasured_ItsSectionBetweenThroughputAndHandlerCost()
    {
        var folder = Fixtures.CopyOfLastFullRun();
        try
        {
            var row = new DeliveryRow("batches of 500, one after another", 2000, 2000, 0, 812.4, 1630.2, 1702.9, 1450.7, 391.6);
            BenchJson.Write(Path.Combine(folder, "delivery.json"), new DeliveryResults([row], 16, 2));

            var rendered = ResultsDocument.Render(BenchRun.Load(folder));

            var section = rendered.IndexOf("\n### Webhook delivery: from the ingest acknowledgement to the receiver\n", StringComparison.Ordinal);
            Assert.InRange(section, rendered.IndexOf("\n## 2. End-to-end throughput\n", StringComparison.Ordinal), rendered.IndexOf("\n## 3. Handler cost", StringComparison.Ordinal));
            Assert.Contains("settings: up to 16 messages a poll, an empty queue polled again after 100 ms, backing off to 2 s.\n", rendered, StringComparison.Ordinal);
            Assert.Contains("\n| batches of 500, one after another | 2,000 | 2,000 | 0 | 812 | 1630 | 1703 | 1451 | 392 |\n\n## 3. Handler cost", rendered, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_WorkFolder_ReadsEveryOutput()
    {
        var run = BenchRun.Load(Fixtures.LastFullRun);

        Assert.Equal(6, run.Api.Count);
        Assert.Equal(9, run.Floor.Count);
        Assert.Equal(14, run.RoundTrips.Rows.Count);
        Assert.Equal(4, run.Handlers.Measurements.Count);
        Assert.Equal((5, 5, 5), (run.StartupOwnStoreMs.Count, run.StartupRunningStoreMs.Count, run.StartupReadyToRunMs.Count));
        Assert.Equal(new MachineFacts("AMD EPYC", 23.5), run.Machine);
    }

    [Fact]
    public void Load_JsonWrittenByTheMeasuringCommands_ReadBack()
    {
        var folder = Fixtures.CopyOfLastFullRun();
        try
        {
            var results = new RoundTripResults([new RoundTripRow("get sensor", "-", ["Read Document"], "1 point read", true)], [new SeedingTime(10, 0.25)]);
            BenchJson.Write(Path.Combine(folder, "roundtrips.json"), results);

            var run = BenchRun.Load(folder);

            Assert.Equal(results.Rows[0] with { Sent = [] }, run.RoundTrips.Rows[0] with { Sent = [] });
            Assert.Equal(["Read Document"], run.RoundTrips.Rows[0].Sent);
            Assert.Equal(results.Seeding, run.RoundTrips.Seeding);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
