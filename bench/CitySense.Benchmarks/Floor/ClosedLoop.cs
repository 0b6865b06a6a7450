using System.Diagnostics;

namespace CitySense.Benchmarks.Floor;

/// <summary>N workers each sending the next request as soon as the last one answered, like hey -c N.</summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(string operation, int concurrency, TimeSpan duration, Func<Task<bool>> call)
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
        return new LoadResult(operation, concurrency, all.Length, errors, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
