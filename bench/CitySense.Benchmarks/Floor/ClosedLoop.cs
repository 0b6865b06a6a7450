using System.Diagnostics;
using CitySense.Benchmarks.Load;
using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Floor;

/// <summary>N workers each sending the next request as soon as the last one answered, like hey -c N.</summary>
internal static class ClosedLoop
{
    public static async Task<LoadFigures> RunAsync(string operation, int concurrency, TimeSpan duration, Func<Task<bool>> call)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0L;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await call();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(list => list).Order().ToArray();
        return new LoadFigures(
            operation, concurrency, all.Length / elapsed.TotalSeconds, Statistics.Percentile(all, 0.50), Statistics.Percentile(all, 0.99), errors, all.Length);
    }
}
