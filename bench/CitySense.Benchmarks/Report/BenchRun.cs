using System.Globalization;
using System.Text.RegularExpressions;
using CitySense.Benchmarks.Delivery;
using CitySense.Benchmarks.Handlers;
using CitySense.Benchmarks.Load;
using CitySense.Benchmarks.RoundTrips;

namespace CitySense.Benchmarks.Report;

/// <summary>
/// Everything one run of bench/run.sh measured, as the raw outputs it left in its work folder:
/// <c>facts.txt</c> (<see cref="RunFacts"/>), <c>lscpu.txt</c>, <c>cpuinfo</c>, <c>meminfo</c>,
/// <c>roundtrips.json</c>, <c>aggregates.json</c> and <c>delivery.json</c> (when measured), <c>handlers.json</c>, <c>hey-OPERATION-CONCURRENCY.txt</c> (hey's summary of each API
/// run), <c>floor.tsv</c> (one <see cref="LoadFigures"/> line per floor run), and <c>startup-own.txt</c>,
/// <c>startup-running.txt</c> (published without ReadyToRun) and <c>startup-r2r.txt</c> (published ReadyToRun):
/// milliseconds to the first 200, one run a line.
/// </summary>
internal sealed partial record BenchRun(
    RunFacts Facts,
    MachineFacts Machine,
    RoundTripResults RoundTrips,
    HandlerResults Handlers,
    IReadOnlyList<LoadFigures> Api,
    IReadOnlyList<LoadFigures> Floor,
    IReadOnlyList<double> StartupOwnStoreMs,
    IReadOnlyList<double> StartupRunningStoreMs,
    IReadOnlyList<double> StartupReadyToRunMs,
    AggregateComparison? Aggregates = null,
    DeliveryResults? Delivery = null)
{
    public static BenchRun Load(string folder)
    {
        string Text(string name) => File.ReadAllText(Path.Combine(folder, name));
        string TextOrEmpty(string name) => File.Exists(Path.Combine(folder, name)) ? Text(name) : string.Empty;

        var api = Directory.GetFiles(folder, "hey-*.txt")
            .Select(path => (Path: path, Name: HeyFileName().Match(Path.GetFileName(path))))
            .Where(file => file.Name.Success)
            .Select(file => HeySummary.Parse(
                file.Name.Groups["operation"].Value,
                int.Parse(file.Name.Groups["concurrency"].Value, CultureInfo.InvariantCulture),
                File.ReadAllText(file.Path)))
            .ToList();

        return new BenchRun(
            RunFacts.Parse(Text("facts.txt")),
            MachineFacts.Parse(TextOrEmpty("lscpu.txt"), TextOrEmpty("cpuinfo"), TextOrEmpty("meminfo")),
            BenchJson.Read<RoundTripResults>(Path.Combine(folder, "roundtrips.json")),
            BenchJson.Read<HandlerResults>(Path.Combine(folder, "handlers.json")),
            api,
            Lines(TextOrEmpty("floor.tsv")).Select(LoadFigures.ParseTsv).ToList(),
            Milliseconds(TextOrEmpty("startup-own.txt")),
            Milliseconds(TextOrEmpty("startup-running.txt")),
            Milliseconds(TextOrEmpty("startup-r2r.txt")),
            File.Exists(Path.Combine(folder, "aggregates.json")) ? BenchJson.Read<AggregateComparison>(Path.Combine(folder, "aggregates.json")) : null,
            File.Exists(Path.Combine(folder, "delivery.json")) ? BenchJson.Read<DeliveryResults>(Path.Combine(folder, "delivery.json")) : null);
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<double> Milliseconds(string text) =>
        Lines(text).Select(line => double.Parse(line, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex("^hey-(?<operation>[a-z]+)-(?<concurrency>[0-9]+)\\.txt$", RegexOptions.CultureInvariant)]
    private static partial Regex HeyFileName();
}
