using System.Diagnostics;
using CitySense.Benchmarks.Delivery;

namespace CitySense.Benchmarks.Tests;

public sealed class DeliveryRowTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void From_TwoOfThreeDeliveredOneTwice_LatencyFromEachAcknowledgementAndRatesOverTheWholeSpan()
    {
        var acknowledged = new Dictionary<string, long> { ["a"] = 0, ["b"] = Second, ["c"] = 2 * Second };
        var firstArrival = new Dictionary<string, long> { ["a"] = Second / 10, ["b"] = Second * 3 / 2 };

        var row = DeliveryRow.From("scenario", acknowledged, firstArrival, posts: 3);

        Assert.Equal(("scenario", 3, 2, 1), (row.Scenario, row.Acknowledged, row.Delivered, row.Duplicates));
        Assert.Equal(100, row.P50Ms, precision: 6);
        Assert.Equal(500, row.P99Ms, precision: 6);
        Assert.Equal(500, row.MaxMs, precision: 6);
        Assert.Equal(1.5, row.IngestPerSecond, precision: 6);
        Assert.Equal(2 / 1.5, row.DeliveriesPerSecond, precision: 6);
    }

    [Fact]
    public void From_NothingDelivered_NoLatencyAndNoRate()
    {
        var row = DeliveryRow.From("scenario", new Dictionary<string, long> { ["a"] = 0, ["b"] = Second }, new Dictionary<string, long>(), posts: 0);

        Assert.Equal((2, 0), (row.Acknowledged, row.Delivered));
        Assert.True(double.IsNaN(row.P50Ms) && double.IsNaN(row.P99Ms) && double.IsNaN(row.MaxMs) && double.IsNaN(row.DeliveriesPerSecond));
    }
}
