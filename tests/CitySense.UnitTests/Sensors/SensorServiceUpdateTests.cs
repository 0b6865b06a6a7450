using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using NSubstitute;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceUpdateTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 14, 8, 30, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);
    private readonly Sensor sensor;

    public SensorServiceUpdateTests()
    {
        sensor = services.AddSensor();
    }

    [Fact]
    public async Task UpdateAsync_NoExpectedVersions_UpdatesWhateverTheStoredVersion()
    {
        var update = ValidUpdate() with { Status = SensorStatus.Inactive };

        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, update, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Equal(SensorStatus.Inactive, services.Sensors.Get(sensor.Id)!.Status);
    }

    [Fact]
    public async Task UpdateAsync_IfMatchStar_UpdatesWhateverTheStoredVersion()
    {
        var update = ValidUpdate() with { ExpectedVersions = ExpectedVersions("*") };

        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, update, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.NotEqual(sensor.Version, services.Sensors.Get(sensor.Id)!.Version);
    }

    [Fact]
    public async Task UpdateAsync_CurrentETag_WritesTheChangesUnderANewVersion()
    {
        var update = ValidUpdate() with
        {
            Coordinates = new CoordinatesInput { Lat = 29.75, Lon = -95.36 },
            Status = SensorStatus.Inactive,
            Metadata = JsonText.Element("""{"note":"moved"}"""),
            ExpectedVersions = ExpectedVersions(ETags.For(sensor)),
        };

        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, update, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        var stored = services.Sensors.Get(sensor.Id)!;
        Assert.Equal(new Coordinates(29.75, -95.36), stored.Coordinates);
        Assert.Equal(SensorStatus.Inactive, stored.Status);
        Assert.Equal("moved", stored.Metadata!.Value.GetProperty("note").GetString());
        Assert.Equal(Now, stored.UpdatedAt);
        Assert.Equal(sensor.CreatedAt, stored.CreatedAt);
        Assert.Equal(sensor.Incarnation, stored.Incarnation);
        Assert.Matches("^[0-9a-f]{16}$", stored.Version);
        Assert.NotEqual(sensor.Version, stored.Version);
        Assert.Equal(stored, outcome.Value);
    }

    // What reaches the store's condition matters here (it becomes a database condition), so the call is checked.
    [Fact]
    public async Task UpdateAsync_SeveralETags_PassesOnlyThoseThisServiceCouldHaveIssued()
    {
        var store = Substitute.For<ISensorStore>();
        store.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);
        store.UpdateAsync(default, default!, default, default).ReturnsForAnyArgs(SensorWrite.ConditionFailed);
        var withSpy = new TestServices(Now, sensorStore: store);
        var ifMatch = $"\"x' OR '1'='1\", {ETags.For(sensor)}, W/\"{sensor.Version}\"";

        await withSpy.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, ValidUpdate() with { ExpectedVersions = ExpectedVersions(ifMatch) }, CancellationToken.None);

        // Only the version read from the store itself reaches a condition (the audit trail may retry the same write).
        var conditions = store.ReceivedCalls()
            .Where(call => call.GetMethodInfo().Name == nameof(ISensorStore.UpdateAsync))
            .Select(call => (IReadOnlyCollection<string>?)call.GetArguments()[2])
            .ToList();
        Assert.NotEmpty(conditions);
        Assert.All(conditions, versions => Assert.Equal([sensor.Version], versions!));
    }

    [Theory]
    [InlineData("W/\"0123456789abcdef\"")]
    [InlineData("\"x' OR '1'='1\"")]
    [InlineData("\"0123456789ABCDEF\"")]
    [InlineData("\"0123456789abcde\"")]
    [InlineData("\"\"")]
    [InlineData("0123456789abcdef")]
    [InlineData("\"0123456789abcdef\" OR 1=1")]
    public async Task UpdateAsync_IfMatchThatCannotMatch_ReturnsPreconditionFailedWithoutCallingTheStore(string ifMatch)
    {
        var update = ValidUpdate() with { ExpectedVersions = ExpectedVersions(ifMatch) };

        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, update, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.PreconditionFailed);
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_ReturnsPreconditionFailedAndKeepsTheSensor()
    {
        var update = ValidUpdate() with { Status = SensorStatus.Inactive, ExpectedVersions = ["0123456789abcdef"] };

        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, update, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.PreconditionFailed);
        Assert.Contains(sensor.Id.ToString(), problem.Detail, StringComparison.Ordinal);
        Assert.Same(sensor, services.Sensors.Get(sensor.Id));
    }

    [Fact]
    public async Task UpdateAsync_UnknownSensor_ReturnsNotFound()
    {
        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, TestSensors.NewId(), ValidUpdate(), CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
    }

    [Fact]
    public async Task UpdateAsync_MissingStatus_ReturnsValidationForStatus()
    {
        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, ValidUpdate() with { Status = null }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "status");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task UpdateAsync_MissingCoordinates_ReturnsValidationForCoordinates()
    {
        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, ValidUpdate() with { Coordinates = null }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "coordinates");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task UpdateAsync_LatitudeOutOfRange_ReturnsValidationForCoordinatesLat()
    {
        var update = ValidUpdate() with { Coordinates = new CoordinatesInput { Lat = 90.5, Lon = 0 } };

        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, update, CancellationToken.None);

        ProblemAssert.Validation(outcome, "coordinates.lat");
    }

    [Fact]
    public async Task UpdateAsync_NoBody_ReturnsValidationForBody()
    {
        var outcome = await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "body");
    }

    private static SensorUpdate ValidUpdate() => new()
    {
        Coordinates = new CoordinatesInput { Lat = 29.7604, Lon = -95.3698 },
        Status = SensorStatus.Active,
    };

    /// <summary>The versions an If-Match header requires, as the function reads them (null: any version).</summary>
    private static IReadOnlyList<string>? ExpectedVersions(string ifMatch) =>
        ETags.TryGetRequiredVersions(ifMatch, out var versions) ? versions : null;
}
