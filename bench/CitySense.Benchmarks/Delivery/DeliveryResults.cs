using System.Globalization;
using System.Text;
using CitySense.Benchmarks.Report;

namespace CitySense.Benchmarks.Delivery;

/// <summary>What <see cref="DeliveryBenchmark"/> measured, with the queue trigger settings it ran with.</summary>
internal sealed record DeliveryResults(IReadOnlyList<DeliveryRow> Rows, int BatchSize, double MaxPollingSeconds)
{
    /// <summary>The table of bench/RESULTS.md.</summary>
    public string Render()
    {
        var text = new StringBuilder()
            .AppendLine("| scenario | acknowledged | delivered | duplicates | p50 ms | p99 ms | max ms | ingest/s | deliveries/s |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Scenario} | {row.Acknowledged:N0} | {row.Delivered:N0} | {row.Duplicates:N0} | {Fixed(row.P50Ms, 0)} | {Fixed(row.P99Ms, 0)} | {Fixed(row.MaxMs, 0)} | {Fixed(row.IngestPerSecond, 0)} | {Fixed(row.DeliveriesPerSecond, 0)} |");
        }

        return text.ToString();
    }

    private static string Fixed(double value, int decimals) => double.IsNaN(value) ? Format.NotAvailable : Format.Fixed(value, decimals);
}
