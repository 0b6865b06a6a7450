using CitySense.Core.Json;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CitySense.UnitTests.Readings;

public sealed class ReadingServiceLatestTests
{
    private readonly ISensorStore sensors = Substitute.For<ISensorStore>();
    private readonly IReadingStore readings = Substitute.For<IReadingStore>();
    private readonly ReadingService service;

    public ReadingServiceLatestTests()
    {
        service = new ReadingService(
            sensors, readings, TimeProvider.System, Options.Create(new ReadingOptions()), NullLogger<ReadingService>.Instance);
    }

    [Fact]
    public async Task GetLatestAsync_SensorWithReadings_ReturnsTheLatestFromOnePointRead()
    {
        var timestamp = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
        var latest = new LatestReading
        {
            Id = "r-latest",
            Timestamp = timestamp,
            ReceivedAt = timestamp.AddSeconds(2),
            Payload = TestSensors.Payload(3.5),
            SortKey = Timestamps.Format(timestamp) + "|r-latest",
        };
        var sensor = TestSensors.Create(TestSensors.NewId(), latest: latest);
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);

        var outcome = await service.GetLatestAsync(sensor.Id.ToString(), CancellationToken.None);

        var reading = outcome.Value!;
        Assert.Equal("r-latest", reading.Id);
        Assert.Equal(sensor.Id, reading.SensorId);
        Assert.Equal(timestamp, reading.Timestamp);
        Assert.Equal(timestamp.AddSeconds(2), reading.ReceivedAt);
        Assert.Equal(3.5, reading.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(sensor.Coordinates, reading.Coordinates);
        Assert.Single(sensors.ReceivedCalls());
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task GetLatestAsync_SensorWithoutReadings_ReturnsNotFoundSayingSo()
    {
        var sensor = TestSensors.Create(TestSensors.NewId());
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);

        var outcome = await service.GetLatestAsync(sensor.Id.ToString(), CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Contains("no readings", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLatestAsync_UnknownSensor_ReturnsNotFoundNamingTheSensor()
    {
        var id = TestSensors.NewId();

        var outcome = await service.GetLatestAsync(id.ToString(), CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Contains(id.ToString(), problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("no readings", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLatestAsync_InvalidSensorId_ReturnsValidation()
    {
        var outcome = await service.GetLatestAsync("houston.clay_st.weather#x", CancellationToken.None);

        ProblemAssert.Validation(outcome, "sensorId");
        Assert.Empty(sensors.ReceivedCalls());
    }
}
