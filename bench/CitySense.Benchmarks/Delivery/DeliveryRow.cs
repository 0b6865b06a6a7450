using System.Diagnostics;
using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Delivery;

/// <summary>
/// One scenario of <see cref="DeliveryBenchmark"/>: how many readings were acknowledged and delivered, the latency from
/// each reading's acknowledgement (the ingest answer reaching the client) to the receiver getting its first POST, and
/// the throughput: distinct deliveries per second from the first acknowledgement to the last delivery. Ingest per
/// second is the rate the client got acknowledgements, for scale.
/// </summary>
internal sealed record DeliveryRow(
    string Scenario,
    int Acknowledged,
    int Delivered,
    int Duplicates,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double IngestPerSecond,
    double DeliveriesPerSecond)
{
    /// <summary>
    /// Figures from Stopwatch timestamps: <paramref name="acknowledged"/> per reading id, and the receiver's first
    /// arrival per reading id with how many POSTs it got in all (<paramref name="posts"/>).
    /// </summary>
    public static DeliveryRow From(
        string scenario,
        IReadOnlyDictionary<string, long> acknowledged,
        IReadOnlyDictionary<string, long> firstArrival,
        int posts)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        ArgumentNullException.ThrowIfNull(firstArrival);
        var latencies = acknowledged
            .Where(ack => firstArrival.ContainsKey(ack.Key))
            .Select(ack => Milliseconds(firstArrival[ack.Key] - ack.Value))
            .Order()
            .ToList();
        var delivered = latencies.Count;
        var start = acknowledged.Count > 0 ? acknowledged.Values.Min() : 0;
        var lastAck = acknowledged.Count > 0 ? acknowledged.Values.Max() : 0;
        var lastArrival = firstArrival.Count > 0 ? firstArrival.Values.Max() : 0;
        return new DeliveryRow(
            scenario,
            acknowledged.Count,
            delivered,
            posts - firstArrival.Count,
            Statistics.Percentile(latencies, 0.50),
            Statistics.Percentile(latencies, 0.99),
            delivered > 0 ? latencies[^1] : double.NaN,
            PerSecond(acknowledged.Count, lastAck - start),
            PerSecond(delivered, lastArrival - start));
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double PerSecond(int count, long ticks) => ticks > 0 ? count / (ticks / (double)Stopwatch.Frequency) : double.NaN;
}
