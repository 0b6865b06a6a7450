using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceDeleteTests
{
    private readonly ISensorStore store = Substitute.For<ISensorStore>();
    private readonly SensorService service;

    public SensorServiceDeleteTests()
    {
        service = new SensorService(store, TimeProvider.System, NullLogger<SensorService>.Instance);
    }

    [Fact]
    public async Task DeleteAsync_RegisteredSensor_DeletesItAndReturnsItsId()
    {
        var id = TestSensors.NewId();
        store.DeleteAsync(id, Arg.Any<CancellationToken>()).Returns(true);

        var outcome = await service.DeleteAsync(id.ToString(), CancellationToken.None);

        Assert.Equal(id, outcome.Value);
        await store.Received(1).DeleteAsync(id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task DeleteAsync_UnknownSensor_ReturnsNotFound()
    {
        var id = TestSensors.NewId();
        store.DeleteAsync(id, Arg.Any<CancellationToken>()).Returns(false);

        var outcome = await service.DeleteAsync(id.ToString(), CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
    }

    [Theory]
    [InlineData("houston.clay_st")]
    [InlineData("houston.clay_st.weather\\")]
    [InlineData("HOUSTON.clay_st.weather")]
    public async Task DeleteAsync_InvalidId_ReturnsValidationWithoutCallingTheStore(string sensorId)
    {
        var outcome = await service.DeleteAsync(sensorId, CancellationToken.None);

        ProblemAssert.Validation(outcome, "sensorId");
        Assert.Empty(store.ReceivedCalls());
    }
}
