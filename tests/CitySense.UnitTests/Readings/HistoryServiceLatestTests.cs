using CitySense.Core.Problems;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Readings;

public sealed class HistoryServiceLatestTests
{
    private readonly TestServices services = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task GetLatestAsync_SensorWithReadings_ReturnsTheLatestFromOnePointRead()
    {
        var timestamp = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
        var latest = TestReadings.Latest("r-latest", timestamp, receivedAt: timestamp.AddSeconds(2), payload: TestSensors.Payload(3.5));
        var sensor = services.AddSensor(latest: latest);

        var outcome = await services.HistoryService.GetLatestAsync(sensor.Id, CancellationToken.None);

        var reading = outcome.Value!;
        Assert.Equal("r-latest", reading.Id);
        Assert.Equal(sensor.Id, reading.SensorId);
        Assert.Equal(timestamp, reading.Timestamp);
        Assert.Equal(timestamp.AddSeconds(2), reading.ReceivedAt);
        Assert.Equal(3.5, reading.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(sensor.Coordinates, reading.Coordinates);
        Assert.Equal(latest.SortKey, reading.SortKey);
        Assert.Equal(["Find"], services.Sensors.Calls);
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task GetLatestAsync_SensorWithoutReadings_ReturnsNotFoundSayingSo()
    {
        var sensor = services.AddSensor();

        var outcome = await services.HistoryService.GetLatestAsync(sensor.Id, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Contains("no readings", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLatestAsync_UnknownSensor_ReturnsNotFoundNamingTheSensor()
    {
        var id = TestSensors.NewId();

        var outcome = await services.HistoryService.GetLatestAsync(id, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Contains(id.ToString(), problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("no readings", problem.Detail, StringComparison.Ordinal);
    }
}
