using System.Globalization;
using CitySense.Benchmarks.Delivery;
using CitySense.Benchmarks.Floor;
using CitySense.Benchmarks.Handlers;
using CitySense.Benchmarks.Report;
using CitySense.Benchmarks.RoundTrips;
using CitySense.DevHost.LocalCosmos;

// bench/run.sh calls one command at a time: the measuring commands write what they measured into the run's work
// folder, and report turns that folder (with hey's output and the script's facts) into bench/RESULTS.md.
//   roundtrips --out FILE.json [--sizes 10,1000,10000]
//   aggregates --out FILE.json [--sizes 10,1000,50000]
//   floor --endpoint URL [--key KEY] --database DB --sensor ID --op read|create|ingest --concurrency N
//         [--seconds 10] [--warmup 2] --out FILE (appends one TSV line)
//   floor-mix --endpoint URL [--key KEY] --database DB --sensors ID,ID,... --near LAT,LON [--requests 21000]
//         [--concurrency 64] [--warmup 21000]   (scripts/load-test.sh LOAD_FLOOR=1: its mix's store operations, SDK only)
//   handlers --out FILE.json --artifacts DIR [--quick]
//   delivery --out FILE.json [--quick]   (connects to a receiver on 127.0.0.1: run it in a loopback-only namespace)
//   report --work DIR --out FILE.md   (the files it reads: see BenchRun)
//   local-key   prints the local Cosmos server's account key
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: CitySense.Benchmarks roundtrips|aggregates|floor|floor-mix|handlers|delivery|report|local-key [--option value]...");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"Unexpected argument '{args[i]}'.");
        return 2;
    }

    options[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
}

string Option(string name) =>
    options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required for {args[0]}.");

int Number(string name, int fallback) =>
    options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

return args[0] switch
{
    "roundtrips" => await RoundTripReport.RunAsync(
        Option("out"),
        (options.TryGetValue("sizes", out var sizes) ? sizes : "10,1000,10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList()),
    "aggregates" => await AggregateComparison.RunAsync(
        Option("out"),
        (options.TryGetValue("sizes", out var aggregateSizes) ? aggregateSizes : "10,1000,50000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList()),
    "floor" => await StoreFloor.RunAsync(
        Option("endpoint"),
        options.TryGetValue("key", out var key) ? key : LocalCosmosServer.WellKnownKey,
        Option("database"),
        Option("sensor"),
        Option("op"),
        Number("concurrency", 1),
        TimeSpan.FromSeconds(Number("seconds", 10)),
        TimeSpan.FromSeconds(Number("warmup", 2)),
        Option("out")),
    "floor-mix" => await MixedFloor.RunAsync(
        Option("endpoint"),
        options.TryGetValue("key", out var mixKey) ? mixKey : LocalCosmosServer.WellKnownKey,
        Option("database"),
        Option("sensors"),
        Point(Option("near")),
        Number("requests", 21000),
        Number("concurrency", 64),
        Number("warmup", 21000)),
    "handlers" => HandlerReport.Run(Option("out"), Option("artifacts"), options.ContainsKey("quick")),
    "delivery" => await DeliveryBenchmark.RunAsync(Option("out"), options.ContainsKey("quick")),
    "report" => await WriteReportAsync(Option("work"), Option("out")),

    // The local server's published emulator key (not a secret), so the script need not spell it out.
    "local-key" => PrintLocalKey(),
    _ => throw new ArgumentException($"Unknown command '{args[0]}'."),
};

static (double Lat, double Lon) Point(string text) =>
    text.Split(',') is [var lat, var lon]
        ? (double.Parse(lat, CultureInfo.InvariantCulture), double.Parse(lon, CultureInfo.InvariantCulture))
        : throw new ArgumentException($"--near takes lat,lon, not '{text}'.");

static async Task<int> WriteReportAsync(string workFolder, string outputPath)
{
    await File.WriteAllTextAsync(outputPath, ResultsDocument.Render(BenchRun.Load(workFolder)));
    return 0;
}

static int PrintLocalKey()
{
    Console.WriteLine(LocalCosmosServer.WellKnownKey);
    return 0;
}
