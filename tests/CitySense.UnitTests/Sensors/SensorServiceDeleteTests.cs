using CitySense.Core.Problems;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceDeleteTests
{
    private readonly TestServices services = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task DeleteAsync_RegisteredSensor_DeletesItAndReturnsItsId()
    {
        var sensor = services.AddSensor();

        var outcome = await services.SensorService.DeleteAsync(TestCallers.Admin, sensor.Id, CancellationToken.None);

        Assert.Equal(sensor.Id, outcome.Value);
        Assert.Null(services.Sensors.Get(sensor.Id));
        Assert.Equal(["Find", "Delete"], services.Sensors.Calls);
    }

    [Fact]
    public async Task DeleteAsync_UnknownSensor_ReturnsNotFound()
    {
        var id = TestSensors.NewId();

        var outcome = await services.SensorService.DeleteAsync(TestCallers.Admin, id, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
    }

    [Fact]
    public async Task DeleteAsync_OtherSensorsRegistered_LeavesThemAlone()
    {
        var deleted = services.AddSensor();
        var kept = services.AddSensor();

        await services.SensorService.DeleteAsync(TestCallers.Admin, deleted.Id, CancellationToken.None);

        Assert.Same(kept, services.Sensors.Get(kept.Id));
    }
}
