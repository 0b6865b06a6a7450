using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceUpdateTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 14, 8, 30, 0, TimeSpan.Zero);

    private readonly ISensorStore store = Substitute.For<ISensorStore>();
    private readonly SensorService service;
    private readonly Sensor sensor = TestSensors.Create(TestSensors.NewId());
    private IReadOnlyCollection<string>? expectedVersions = ["not called"];
    private SensorChanges? changes;

    public SensorServiceUpdateTests()
    {
        store.UpdateAsync(
                sensor.Id,
                Arg.Do<SensorChanges>(c => changes = c),
                Arg.Do<IReadOnlyCollection<string>?>(v => expectedVersions = v),
                Arg.Any<CancellationToken>())
            .Returns(call => SensorWrite.Written(sensor with
            {
                Coordinates = call.Arg<SensorChanges>().Coordinates,
                Status = call.Arg<SensorChanges>().Status,
                Version = call.Arg<SensorChanges>().NewVersion,
            }));
        service = new SensorService(store, new FakeTimeProvider(Now), NullLogger<SensorService>.Instance);
    }

    [Fact]
    public async Task UpdateAsync_NoIfMatch_UpdatesUnconditionally()
    {
        var outcome = await service.UpdateAsync(sensor.Id.ToString(), ValidRequest(), null, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Null(expectedVersions);
    }

    [Fact]
    public async Task UpdateAsync_IfMatchStar_UpdatesUnconditionally()
    {
        var outcome = await service.UpdateAsync(sensor.Id.ToString(), ValidRequest(), "*", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Null(expectedVersions);
    }

    [Fact]
    public async Task UpdateAsync_CurrentETag_PassesItsVersionAndWritesTheChanges()
    {
        var request = ValidRequest() with
        {
            Coordinates = new CoordinatesInput { Lat = 29.75, Lon = -95.36 },
            Status = SensorStatus.Inactive,
            Metadata = JsonText.Element("""{"note":"moved"}"""),
        };

        var outcome = await service.UpdateAsync(sensor.Id.ToString(), request, ETags.For(sensor), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Equal([sensor.Version], expectedVersions);
        Assert.NotNull(changes);
        Assert.Equal(new Coordinates(29.75, -95.36), changes.Coordinates);
        Assert.Equal(SensorStatus.Inactive, changes.Status);
        Assert.Equal("moved", changes.Metadata.GetProperty("note").GetString());
        Assert.Equal(Now, changes.UpdatedAt);
        Assert.Matches("^[0-9a-f]{16}$", changes.NewVersion);
        Assert.NotEqual(sensor.Version, changes.NewVersion);
        Assert.Equal(changes.NewVersion, outcome.Value.Version);
    }

    [Fact]
    public async Task UpdateAsync_SeveralETags_PassesOnlyThoseThisServiceCouldHaveIssued()
    {
        var ifMatch = $"\"x' OR '1'='1\", {ETags.For(sensor)}, W/\"{sensor.Version}\"";

        await service.UpdateAsync(sensor.Id.ToString(), ValidRequest(), ifMatch, CancellationToken.None);

        Assert.Equal([sensor.Version], expectedVersions);
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
        var outcome = await service.UpdateAsync(sensor.Id.ToString(), ValidRequest(), ifMatch, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.PreconditionFailed);
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task UpdateAsync_StoreConditionFailed_ReturnsPreconditionFailed()
    {
        store.UpdateAsync(sensor.Id, Arg.Any<SensorChanges>(), Arg.Any<IReadOnlyCollection<string>?>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.ConditionFailed);

        var outcome = await service.UpdateAsync(sensor.Id.ToString(), ValidRequest(), "\"0123456789abcdef\"", CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.PreconditionFailed);
        Assert.Contains(sensor.Id.ToString(), problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_StoreNotFound_ReturnsNotFound()
    {
        store.UpdateAsync(sensor.Id, Arg.Any<SensorChanges>(), Arg.Any<IReadOnlyCollection<string>?>(), Arg.Any<CancellationToken>())
            .Returns(SensorWrite.NotFound);

        var outcome = await service.UpdateAsync(sensor.Id.ToString(), ValidRequest(), null, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
    }

    [Fact]
    public async Task UpdateAsync_MissingStatus_ReturnsValidationForStatus()
    {
        var outcome = await service.UpdateAsync(sensor.Id.ToString(), ValidRequest() with { Status = null }, null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "status");
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task UpdateAsync_MissingCoordinates_ReturnsValidationForCoordinates()
    {
        var outcome = await service.UpdateAsync(sensor.Id.ToString(), ValidRequest() with { Coordinates = null }, null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "coordinates");
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task UpdateAsync_LatitudeOutOfRange_ReturnsValidationForCoordinatesLat()
    {
        var request = ValidRequest() with { Coordinates = new CoordinatesInput { Lat = 90.5, Lon = 0 } };

        var outcome = await service.UpdateAsync(sensor.Id.ToString(), request, null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "coordinates.lat");
    }

    [Fact]
    public async Task UpdateAsync_NoBody_ReturnsValidationForBody()
    {
        var outcome = await service.UpdateAsync(sensor.Id.ToString(), null, null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "body");
    }

    [Fact]
    public async Task UpdateAsync_InvalidId_ReturnsValidationForSensorId()
    {
        var outcome = await service.UpdateAsync("houston.clay_st.weather/../x", ValidRequest(), null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "sensorId");
        Assert.Empty(store.ReceivedCalls());
    }

    private static UpdateSensorRequest ValidRequest() => new()
    {
        Coordinates = new CoordinatesInput { Lat = 29.7604, Lon = -95.3698 },
        Status = SensorStatus.Active,
    };
}
