using System.Globalization;
using System.Text.RegularExpressions;
using CitySense.Benchmarks.Floor;

namespace CitySense.Benchmarks.Tests;

/// <summary>The floor of the load test's mix must stay the load test's mix: same streams, same shares, same sensors.</summary>
public sealed partial class MixedFloorTests
{
    private static readonly string Script = File.ReadAllText(Path.Combine(RepositoryRoot(), "scripts", "load-test.sh"));

    [Fact]
    public void Streams_AreTheLoadTestsStreamsInOrderWithTheirSharesOfRequestsAndWorkers()
    {
        var streams = StreamLine().Matches(Script)
            .Select(match => (
                match.Groups["name"].Value,
                int.Parse(match.Groups["share"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["workers"].Value, CultureInfo.InvariantCulture)))
            .ToList();

        Assert.Equal(11, streams.Count);
        Assert.Equal(streams, MixedFloor.Streams);
    }

    [Fact]
    public void SensorRoles_AreTheSensorsEachLoadTestPhaseRegisters()
    {
        var registered = SensorLoop().Match(Script).Groups["names"].Value.Split(' ');

        Assert.Equal(registered.Order(), MixedFloor.SensorRoles.Order());
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "load-test.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("scripts/load-test.sh not found above the test assembly.");
    }

    // A stream of prepare_phase: "name share workers METHOD path body".
    [GeneratedRegex("""^\s+"(?<name>\w+) (?<share>\d+) (?<workers>\d+) (GET|POST) """, RegexOptions.Multiline)]
    private static partial Regex StreamLine();

    [GeneratedRegex("""for name in (?<names>[\w ]+); do\n\s+post /sensors""")]
    private static partial Regex SensorLoop();
}
