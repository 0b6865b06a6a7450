using System.Globalization;

namespace CitySense.Benchmarks.Report;

/// <summary>
/// What bench/run.sh knows about the run it drove, read from its facts file: one <c>key=value</c> per line, a key
/// repeated for a list (<c>load_during</c>). Times are Unix milliseconds; nothing here is computed by the script.
/// </summary>
internal sealed record RunFacts
{
    public required bool Quick { get; init; }

    /// <summary>Length of each measured load run.</summary>
    public required int Seconds { get; init; }

    /// <summary>hey's warm-up before each measured run.</summary>
    public required int Warmup { get; init; }

    /// <summary>The SDK floor's warm-up before each measured run (its process starts cold).</summary>
    public required int FloorWarmup { get; init; }

    /// <summary>The body every ingest request sends.</summary>
    public required string Reading { get; init; }

    public required string Commit { get; init; }

    public required bool UncommittedChanges { get; init; }

    public required int Cores { get; init; }

    /// <summary><c>uname -sr</c>.</summary>
    public required string Kernel { get; init; }

    public required string DotnetVersion { get; init; }

    public required string NodeVersion { get; init; }

    /// <summary>The Debian package version of hey; empty when unknown.</summary>
    public required string HeyVersion { get; init; }

    /// <summary>The first three fields of /proc/loadavg at the start, after each concurrency's runs, and at the end.</summary>
    public required string LoadAtStart { get; init; }

    public required IReadOnlyList<string> LoadDuring { get; init; }

    public required string LoadAtEnd { get; init; }

    public required long StartedMs { get; init; }

    public required long BuildStartedMs { get; init; }

    public required long BuildFinishedMs { get; init; }

    public required long FinishedMs { get; init; }

    public DateTimeOffset Finished => DateTimeOffset.FromUnixTimeMilliseconds(FinishedMs);

    /// <summary>Whole seconds from the start of the script to the report.</summary>
    public long TotalSeconds => (FinishedMs / 1000) - (StartedMs / 1000);

    public double BuildSeconds => (BuildFinishedMs - BuildStartedMs) / 1000.0;

    /// <exception cref="FormatException">A line is not <c>key=value</c>, a key is missing or a number is not one.</exception>
    public static RunFacts Parse(string text)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new FormatException($"Expected key=value, found '{line}'.");
            }

            var key = line[..separator];
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }

            list.Add(line[(separator + 1)..]);
        }

        string One(string key) =>
            values.TryGetValue(key, out var list) ? list[^1] : throw new FormatException($"The facts file has no '{key}'.");

        long Number(string key) =>
            long.TryParse(One(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"'{key}' is not a whole number: '{One(key)}'.");

        return new RunFacts
        {
            Quick = One("quick") == "1",
            Seconds = (int)Number("seconds"),
            Warmup = (int)Number("warmup"),
            FloorWarmup = (int)Number("floor_warmup"),
            Reading = One("reading"),
            Commit = One("commit"),
            UncommittedChanges = One("uncommitted_changes") == "true",
            Cores = (int)Number("cores"),
            Kernel = One("kernel"),
            DotnetVersion = One("dotnet_version"),
            NodeVersion = One("node_version"),
            HeyVersion = values.TryGetValue("hey_version", out var hey) ? hey[^1] : string.Empty,
            LoadAtStart = One("load_start"),
            LoadDuring = values.TryGetValue("load_during", out var during) ? during : [],
            LoadAtEnd = One("load_end"),
            StartedMs = Number("started_ms"),
            BuildStartedMs = Number("build_started_ms"),
            BuildFinishedMs = Number("build_finished_ms"),
            FinishedMs = Number("finished_ms"),
        };
    }
}
