using System.Globalization;
using System.Text.RegularExpressions;

namespace CitySense.Benchmarks.Report;

/// <summary>The CPU model and memory size, read from what <c>lscpu</c>, /proc/cpuinfo and /proc/meminfo printed.</summary>
internal sealed partial record MachineFacts(string? CpuModel, double? MemoryGib)
{
    /// <param name="lscpu">lscpu's output (empty where lscpu is missing).</param>
    /// <param name="cpuinfo">/proc/cpuinfo, used when lscpu names no model.</param>
    /// <param name="meminfo">/proc/meminfo.</param>
    public static MachineFacts Parse(string lscpu, string cpuinfo, string meminfo)
    {
        var model = First(LscpuModel(), lscpu) ?? First(CpuinfoModel(), cpuinfo);
        var memory = First(MemTotal(), meminfo) is { } kibibytes
            ? long.Parse(kibibytes, CultureInfo.InvariantCulture) / 1048576.0
            : (double?)null;
        return new MachineFacts(model, memory);
    }

    private static string? First(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } match && match.Groups["value"].Value.Trim() is { Length: > 0 } value ? value : null;

    [GeneratedRegex(@"^[ \t]*Model name:[ \t]*(?<value>.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LscpuModel();

    [GeneratedRegex(@"^model name[ \t]*: (?<value>.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CpuinfoModel();

    [GeneratedRegex(@"^MemTotal:\s+(?<value>[0-9]+) kB", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MemTotal();
}
