using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceGetTests
{
    private readonly TestServices services = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task GetAsync_RegisteredSensor_ReturnsIt()
    {
        var sensor = services.AddSensor();

        var outcome = await services.SensorService.GetAsync(sensor.Id, CancellationToken.None);

        Assert.Same(sensor, outcome.Value);
        Assert.Equal(["Find"], services.Sensors.Calls);
    }

    [Fact]
    public async Task GetAsync_UnknownSensor_ReturnsNotFoundNamingIt()
    {
        var id = TestSensors.NewId();

        var outcome = await services.SensorService.GetAsync(id, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Contains(id.ToString(), problem.Detail, StringComparison.Ordinal);
    }
}
