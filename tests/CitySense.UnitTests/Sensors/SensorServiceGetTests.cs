using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceGetTests
{
    private readonly ISensorStore store = Substitute.For<ISensorStore>();
    private readonly SensorService service;

    public SensorServiceGetTests()
    {
        service = new SensorService(store, TimeProvider.System, NullLogger<SensorService>.Instance);
    }

    [Fact]
    public async Task GetAsync_RegisteredSensor_ReturnsIt()
    {
        var sensor = TestSensors.Create(TestSensors.NewId());
        store.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);

        var outcome = await service.GetAsync(sensor.Id.ToString(), CancellationToken.None);

        Assert.Same(sensor, outcome.Value);
    }

    [Fact]
    public async Task GetAsync_UnknownSensor_ReturnsNotFoundNamingIt()
    {
        var id = TestSensors.NewId();

        var outcome = await service.GetAsync(id.ToString(), CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Contains(id.ToString(), problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("houston.clay_st")]
    [InlineData("Houston.clay_st.weather")]
    [InlineData("houston.clay/st.weather")]
    [InlineData("houston.clay_st.weather?x=1")]
    [InlineData("houston.clay_st.weather#top")]
    [InlineData("houston.clay\\st.weather")]
    [InlineData("houston.clay_st.weather.extra")]
    public async Task GetAsync_InvalidId_ReturnsValidationWithoutAskingTheStore(string? sensorId)
    {
        var outcome = await service.GetAsync(sensorId, CancellationToken.None);

        ProblemAssert.Validation(outcome, "sensorId");
        Assert.Empty(store.ReceivedCalls());
    }
}
