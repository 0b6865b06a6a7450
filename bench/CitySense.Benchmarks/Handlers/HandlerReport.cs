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

/// <summary>
/// Runs <see cref="HandlerBenchmarks"/> with a short in-process job and writes what it measured as JSON
/// (<see cref="HandlerResults"/>) for the report command.
/// </summary>
internal static class HandlerReport
{
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

        var measurements = summary.Reports
            .Where(report => report.Success && report.ResultStatistics is not null)
            .Select(report => new HandlerMeasurement(
                report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                report.ResultStatistics!.Median,
                report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0))
            .ToList();
        var results = new HandlerResults(measurements, responses);
        BenchJson.Write(outputPath, results);
        Console.WriteLine(HandlerTable.Render(results));
        return results.Complete ? 0 : 1;
    }
}
