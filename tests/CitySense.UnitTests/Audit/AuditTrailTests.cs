using CitySense.Core.Access;
using CitySense.Core.Audit;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Audit;

/// <summary>
/// No registry change can be observed without its audit record, whatever fails between the writes: the record is
/// written first, and a record left pending is settled when the trail is read.
/// </summary>
public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly InMemorySensorStore sensors = new();
    private readonly FailingSensorStore failing;
    private readonly TestServices services;

    public AuditTrailTests()
    {
        failing = new FailingSensorStore(sensors);
        services = new TestServices(Now, sensorStore: failing);
    }

    [Fact]
    public async Task Update_AppliedButItsAnswerLost_RecordListedAsCommittedWithOldAndNewValues()
    {
        var sensor = sensors.Add(TestSensors.Create(TestSensors.NewId()));
        failing.FailNext = nameof(ISensorStore.UpdateAsync);
        failing.Applied = true;

        await Assert.ThrowsAsync<StoreUnavailableException>(() => services.SensorService.UpdateAsync(
            TestCallers.Admin, sensor.Id, Inactive(), CancellationToken.None));
        var trail = await ListAsync(sensor.Id);

        var record = Assert.Single(trail);
        Assert.Equal(AuditOperation.Updated, record.Operation);
        Assert.Equal("active", record.Before!.Value.GetProperty("status").GetString());
        Assert.Equal("inactive", record.After!.Value.GetProperty("status").GetString());
        Assert.Equal(sensors.Get(sensor.Id)!.Version, record.NewVersion);
        Assert.Equal(AuditStatus.Committed, Assert.Single(services.Audit.All).Status);
    }

    [Fact]
    public async Task Update_RefusedBeforeItWasApplied_RolledForwardWhenTheTrailIsRead()
    {
        var sensor = sensors.Add(TestSensors.Create(TestSensors.NewId()));
        failing.FailNext = nameof(ISensorStore.UpdateAsync);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => services.SensorService.UpdateAsync(
            TestCallers.Admin, sensor.Id, Inactive(), CancellationToken.None));
        var unchanged = sensors.Get(sensor.Id)!;
        var trail = await ListAsync(sensor.Id);

        Assert.Equal(SensorStatus.Active, unchanged.Status);
        Assert.Single(trail);
        Assert.Equal(SensorStatus.Inactive, sensors.Get(sensor.Id)!.Status);
        Assert.Equal(trail[0].NewVersion, sensors.Get(sensor.Id)!.Version);
    }

    [Fact]
    public async Task Update_NeverAppliedAndTheSensorChangedSince_AbandonedAndNeverListed()
    {
        var sensor = sensors.Add(TestSensors.Create(TestSensors.NewId()));
        failing.FailNext = nameof(ISensorStore.UpdateAsync);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => services.SensorService.UpdateAsync(
            TestCallers.Admin, sensor.Id, Inactive(), CancellationToken.None));

        // Another change wins meanwhile, so the pending one can never be applied.
        var other = await services.SensorService.UpdateAsync(
            TestCallers.Admin, sensor.Id, Inactive() with { Metadata = JsonText.Element("""{"note":"other"}""") }, CancellationToken.None);
        var trail = await ListAsync(sensor.Id);

        Assert.True(other.Succeeded);
        var listed = Assert.Single(trail);
        Assert.Equal(other.Value!.Version, listed.NewVersion);
        Assert.Contains(services.Audit.All, r => r.Status == AuditStatus.Abandoned);
    }

    [Fact]
    public async Task Create_FailedBeforeTheWrite_RolledForwardAndListed()
    {
        var registration = new SensorRegistration
        {
            City = "houston", Location = "loc-" + Guid.NewGuid().ToString("N")[..8], Type = "weather",
            Coordinates = new CoordinatesInput { Lat = 1, Lon = 2 },
        };
        failing.FailNext = nameof(ISensorStore.TryCreateAsync);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => services.SensorService.CreateAsync(TestCallers.Admin, registration, CancellationToken.None));
        var id = new SensorId(registration.City, registration.Location, registration.Type);
        var trail = await ListAsync(id);

        Assert.Equal(AuditOperation.Created, Assert.Single(trail).Operation);
        Assert.NotNull(sensors.Get(id));
    }

    [Fact]
    public async Task Delete_AppliedButItsAnswerLost_Committed()
    {
        var sensor = sensors.Add(TestSensors.Create(TestSensors.NewId()));
        failing.FailNext = nameof(ISensorStore.DeleteAsync);
        failing.Applied = true;

        await Assert.ThrowsAsync<StoreUnavailableException>(() => services.SensorService.DeleteAsync(TestCallers.Admin, sensor.Id, CancellationToken.None));
        var trail = await ListAsync(sensor.Id);

        Assert.Equal(AuditOperation.Deleted, Assert.Single(trail).Operation);
        Assert.Null(sensors.Get(sensor.Id));
    }

    [Fact]
    public async Task EveryChange_ObservedVersion_HasACommittedRecordEndingThere()
    {
        // After any mix of successes and failures, the version a reader sees was produced by a recorded change.
        var sensor = sensors.Add(TestSensors.Create(TestSensors.NewId()));
        for (var step = 0; step < 12; step++)
        {
            failing.FailNext = step % 3 == 0 ? nameof(ISensorStore.UpdateAsync) : null;
            failing.Applied = step % 2 == 0;
            var update = Inactive() with { Status = step % 2 == 0 ? SensorStatus.Active : SensorStatus.Inactive };
            try
            {
                await services.SensorService.UpdateAsync(TestCallers.Admin, sensor.Id, update, CancellationToken.None);
            }
            catch (StoreUnavailableException)
            {
            }
        }

        var trail = await ListAsync(sensor.Id);

        Assert.Contains(trail, record => record.NewVersion == sensors.Get(sensor.Id)!.Version);
        var versions = trail.Select(r => r.NewVersion).ToHashSet();
        Assert.All(trail.Where(r => r.OldVersion != sensor.Version), r => Assert.Contains(r.OldVersion, versions));
    }

    [Fact]
    public async Task ListAsync_Operator_OnlyItsCitiesAndNoGrantRecords()
    {
        var houston = sensors.Add(TestSensors.Create(TestSensors.NewId("houston")));
        var chicago = sensors.Add(TestSensors.Create(TestSensors.NewId("chicago")));
        await services.SensorService.UpdateAsync(TestCallers.Admin, houston.Id, Inactive(), CancellationToken.None);
        await services.SensorService.UpdateAsync(TestCallers.Admin, chicago.Id, Inactive(), CancellationToken.None);
        var op = TestCallers.Operator("op-" + Guid.NewGuid().ToString("N")[..8]);
        await services.GrantService.PutAsync(TestCallers.Admin, op.Id, new GrantDraft { Name = "Houston IT", Cities = ["houston"] }, null, CancellationToken.None);

        var mine = await services.AuditTrail.ListAsync(op, new AuditQuery(null, null, null, null, null, 100), CancellationToken.None);
        var theirs = await services.AuditTrail.ListAsync(op, new AuditQuery("chicago", null, null, null, null, 100), CancellationToken.None);
        var publicCaller = await services.AuditTrail.ListAsync(TestCallers.Public, new AuditQuery(null, null, null, null, null, 100), CancellationToken.None);

        Assert.Equal([houston.Id.ToString()], mine.Value!.Items.Select(r => r.TargetId));
        Assert.Equal(ProblemKind.CityForbidden, theirs.Problem?.Kind);
        Assert.Equal(ProblemKind.Forbidden, publicCaller.Problem?.Kind);
    }

    private async Task<IReadOnlyList<AuditRecord>> ListAsync(SensorId id)
    {
        var page = await services.AuditTrail.ListAsync(TestCallers.Admin, new AuditQuery(null, id.ToString(), null, null, null, 100), CancellationToken.None);
        return page.Value!.Items;
    }

    private static SensorUpdate Inactive() => new()
    {
        Coordinates = new CoordinatesInput { Lat = 29.7604, Lon = -95.3698 },
        Status = SensorStatus.Inactive,
    };
}
