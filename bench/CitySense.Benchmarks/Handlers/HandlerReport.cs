using System.Globalization;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace CitySense.Benchmarks.Handlers;

/// <summary>Runs <see cref="HandlerBenchmarks"/> with a short in-process job and writes the comparison as Markdown.</summary>
internal static class HandlerReport
{
    private const double Target = 1.5;

    public static int Run(string outputPath, string artifactsPath, bool quick)
    {
        // In-process: no second build of this project, so the run fits the bench's time budget. Enough iterations
        // for a stable median on a shared machine; BenchmarkDotNet reports the spread next to it.
        var job = quick
            ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance)
            : Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(10)
                .WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(250));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifactsPath)
            .WithOptions(ConfigOptions.DisableLogFile);
        var check = new HandlerBenchmarks();
        check.Setup();
        var responses = check.DescribeResponsesAsync().GetAwaiter().GetResult();

        // Run every path until tiered JIT has settled before BenchmarkDotNet measures: on a loaded 2-core machine
        // the background re-JIT lags, and the first benchmark would otherwise be measured half-warm.
        for (var round = 0; round < (quick ? 1 : 3); round++)
        {
            for (var i = 0; i < 20_000; i++)
            {
                check.Ingest_RawMinimalApi().GetAwaiter().GetResult();
                check.Ingest_CitySense().GetAwaiter().GetResult();
                check.Latest_RawMinimalApi().GetAwaiter().GetResult();
                check.Latest_CitySense().GetAwaiter().GetResult();
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(500));
        }

        check.Cleanup();
        foreach (var response in responses)
        {
            Console.WriteLine(response);
        }

        var summary = BenchmarkRunner.Run<HandlerBenchmarks>(config);

        var rows = summary.Reports
            .Where(report => report.Success && report.ResultStatistics is not null)
            .ToDictionary(
                report => report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                report => (
                    Median: report.ResultStatistics!.Median,
                    Error: report.ResultStatistics.StandardError,
                    Bytes: report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0));

        var text = new StringBuilder()
            .AppendLine("| path | handler | median time / op | bytes allocated / op | time ÷ raw | bytes ÷ raw | target (time ≤ 1.5× raw) |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        var failed = false;
        foreach (var path in new[] { "Ingest", "Latest" })
        {
            if (!rows.TryGetValue(path + "_RawMinimalApi", out var raw) || !rows.TryGetValue(path + "_CitySense", out var ours))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {path} | (benchmark failed) | | | | | |");
                failed = true;
                continue;
            }

            var timeRatio = ours.Median / raw.Median;
            var bytesRatio = raw.Bytes == 0 ? double.NaN : (double)ours.Bytes / raw.Bytes;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {path.ToLowerInvariant()} | raw minimal API | {Micro(raw.Median)} | {raw.Bytes:N0} B | 1.00 | 1.00 | |");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {path.ToLowerInvariant()} | CitySense function | {Micro(ours.Median)} | {ours.Bytes:N0} B | {timeRatio:0.00} | {bytesRatio:0.00} | {(timeRatio <= Target ? "met" : "missed")} |");
        }

        text.AppendLine().AppendLine("One response of each handler, as measured (status and body):").AppendLine();
        foreach (var response in responses)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- `{response}`");
        }

        File.WriteAllText(outputPath, text.ToString());
        Console.WriteLine(text);
        return failed ? 1 : 0;
    }

    private static string Micro(double nanoseconds) => (nanoseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " µs";
}
