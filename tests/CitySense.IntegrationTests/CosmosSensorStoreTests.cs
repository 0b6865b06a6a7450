using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.IntegrationTests;

public sealed class CosmosSensorStoreTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    private ISensorStore Store => fixture.Sensors;

    [Fact]
    public async Task TryCreateAsync_NewSensor_IsFoundWithAllFields()
    {
        var sensor = TestData.NewSensor();

        var created = await Store.TryCreateAsync(sensor, Ct);
        var found = await Store.FindAsync(sensor.Id, Ct);

        Assert.True(created);
        Assert.NotNull(found);
        Assert.Equal(sensor.Id, found.Id);
        Assert.Equal(sensor.Coordinates, found.Coordinates);
        Assert.Equal(SensorStatus.Active, found.Status);
        Assert.Equal(sensor.Version, found.Version);
        Assert.Equal(sensor.Incarnation, found.Incarnation);
        Assert.Equal("crew 7", found.Metadata!.Value.GetProperty("installedBy").GetString());
        Assert.Null(found.Latest);
    }

    [Fact]
    public async Task TryCreateAsync_ExistingId_ReturnsFalseAndKeepsOriginal()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);

        var again = await Store.TryCreateAsync(sensor with { Coordinates = new Coordinates(1, 1), Version = "ffffffffffffffff" }, Ct);
        var found = await Store.FindAsync(sensor.Id, Ct);

        Assert.False(again);
        Assert.Equal(sensor.Coordinates, found!.Coordinates);
        Assert.Equal(sensor.Version, found.Version);
    }

    [Fact]
    public async Task FindAsync_MissingSensor_ReturnsNull()
    {
        Assert.Null(await Store.FindAsync(TestData.NewSensorId(), Ct));
    }

    [Fact]
    public async Task UpdateAsync_MatchingVersion_WritesChangesAndKeepsLatest()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);
        var latest = TestData.Latest(DateTimeOffset.UtcNow);
        await Store.TryAdvanceLatestAsync(sensor.Id, latest, Ct);
        var changes = new SensorChanges(new Coordinates(41.9, -87.6), SensorStatus.Inactive, JsonDocument.Parse("{}").RootElement, "0123456789abcdef", DateTimeOffset.UtcNow, "it-admin");

        var write = await Store.UpdateAsync(sensor.Id, changes, [sensor.Version], Ct);

        Assert.Equal(StoreWriteStatus.Written, write.Status);
        var found = await Store.FindAsync(sensor.Id, Ct);
        Assert.Equal(new Coordinates(41.9, -87.6), found!.Coordinates);
        Assert.Equal(SensorStatus.Inactive, found.Status);
        Assert.Equal("0123456789abcdef", found.Version);
        Assert.Equal(latest.Id, found.Latest!.Id);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_ConditionFailedAndNothingChanges()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);
        var changes = new SensorChanges(new Coordinates(1, 2), SensorStatus.Inactive, JsonDocument.Parse("{}").RootElement, "0123456789abcdef", DateTimeOffset.UtcNow, "it-admin");

        var write = await Store.UpdateAsync(sensor.Id, changes, ["aaaaaaaaaaaaaaaa"], Ct);

        Assert.Equal(StoreWriteStatus.ConditionFailed, write.Status);
        var found = await Store.FindAsync(sensor.Id, Ct);
        Assert.Equal(sensor.Coordinates, found!.Coordinates);
        Assert.Equal(sensor.Version, found.Version);
    }

    [Fact]
    public async Task UpdateAsync_MissingSensor_NotFound()
    {
        var changes = new SensorChanges(new Coordinates(1, 2), SensorStatus.Active, JsonDocument.Parse("{}").RootElement, "0123456789abcdef", DateTimeOffset.UtcNow, "it-admin");

        var write = await Store.UpdateAsync(TestData.NewSensorId(), changes, null, Ct);

        Assert.Equal(StoreWriteStatus.NotFound, write.Status);
    }

    [Fact]
    public async Task UpdateAsync_ParallelWritersWithSameVersion_ExactlyOneWins()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);

        var writes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Store.UpdateAsync(
            sensor.Id,
            new SensorChanges(new Coordinates(i, i), SensorStatus.Active, JsonDocument.Parse("{}").RootElement, $"{i:x16}", DateTimeOffset.UtcNow, "it-admin"),
            [sensor.Version],
            Ct)));

        var winners = writes.Where(w => w.Status == StoreWriteStatus.Written).ToList();
        Assert.Single(winners);
        Assert.Equal(19, writes.Count(w => w.Status == StoreWriteStatus.ConditionFailed));
        var found = await Store.FindAsync(sensor.Id, Ct);
        Assert.Equal(winners[0].Sensor!.Version, found!.Version);
        Assert.Equal(winners[0].Sensor!.Coordinates, found.Coordinates);
    }

    [Fact]
    public async Task DeleteAsync_StaleVersionThenCurrentThenMissing_ConditionFailedWrittenNotFound()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);

        Assert.Equal(StoreWriteStatus.ConditionFailed, await Store.DeleteAsync(sensor.Id, "0000000000000000", Ct));
        Assert.Equal(StoreWriteStatus.Written, await Store.DeleteAsync(sensor.Id, sensor.Version, Ct));
        Assert.Equal(StoreWriteStatus.NotFound, await Store.DeleteAsync(sensor.Id, sensor.Version, Ct));
        Assert.Null(await Store.FindAsync(sensor.Id, Ct));
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_NewerThenOlder_KeepsNewest()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);
        var now = DateTimeOffset.UtcNow;
        var newer = TestData.Latest(now, value: 2);
        var older = TestData.Latest(now.AddMinutes(-1), value: 1);

        var first = await Store.TryAdvanceLatestAsync(sensor.Id, newer, Ct);
        var second = await Store.TryAdvanceLatestAsync(sensor.Id, older, Ct);
        var same = await Store.TryAdvanceLatestAsync(sensor.Id, newer, Ct);

        Assert.Equal(StoreWriteStatus.Written, first.Status);
        Assert.Equal(newer.Id, first.Sensor!.Latest!.Id);
        Assert.Equal(sensor.Incarnation, first.Sensor.Incarnation);
        Assert.Equal(StoreWriteStatus.ConditionFailed, second.Status);
        Assert.Equal(StoreWriteStatus.ConditionFailed, same.Status);
        var found = await Store.FindAsync(sensor.Id, Ct);
        Assert.Equal(newer.Id, found!.Latest!.Id);
        Assert.Equal(2, found.Latest.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(sensor.Version, found.Version);
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_InactiveSensor_ConditionFailed()
    {
        var sensor = TestData.NewSensor(status: SensorStatus.Inactive);
        await Store.TryCreateAsync(sensor, Ct);

        var write = await Store.TryAdvanceLatestAsync(sensor.Id, TestData.Latest(DateTimeOffset.UtcNow), Ct);

        Assert.Equal(StoreWriteStatus.ConditionFailed, write.Status);
        Assert.Null((await Store.FindAsync(sensor.Id, Ct))!.Latest);
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_MissingSensor_NotFound()
    {
        var write = await Store.TryAdvanceLatestAsync(TestData.NewSensorId(), TestData.Latest(DateTimeOffset.UtcNow), Ct);

        Assert.Equal(StoreWriteStatus.NotFound, write.Status);
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_ParallelOutOfOrder_EndsAtMaximum()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var candidates = Enumerable.Range(0, 60).Select(i => TestData.Latest(start.AddSeconds(i), value: i)).OrderBy(_ => Random.Shared.Next()).ToList();

        await Task.WhenAll(candidates.Select(c => Store.TryAdvanceLatestAsync(sensor.Id, c, Ct)));

        var found = await Store.FindAsync(sensor.Id, Ct);
        Assert.Equal(59, found!.Latest!.Payload.GetProperty("tempC").GetDouble());
    }

    [Fact]
    public async Task ReplaceLatestAsync_OnlyWhenLatestIsTheExpectedOne()
    {
        var sensor = TestData.NewSensor();
        await Store.TryCreateAsync(sensor, Ct);
        var wrong = TestData.Latest(DateTimeOffset.UtcNow, value: 9);
        var right = TestData.Latest(DateTimeOffset.UtcNow.AddMinutes(-5), value: 5);
        await Store.TryAdvanceLatestAsync(sensor.Id, wrong, Ct);

        var otherId = await Store.ReplaceLatestAsync(sensor.Id, right, "not-the-latest", Ct);
        var expected = await Store.ReplaceLatestAsync(sensor.Id, right, wrong.Id, Ct);

        Assert.Equal(StoreWriteStatus.ConditionFailed, otherId.Status);
        Assert.Equal(StoreWriteStatus.Written, expected.Status);
        Assert.Equal(right.Id, (await Store.FindAsync(sensor.Id, Ct))!.Latest!.Id);
    }

    [Fact]
    public async Task ListAsync_FilteredByCityTypeAndStatus_PagesInIdOrder()
    {
        var city = "it-" + Guid.NewGuid().ToString("N")[..10];
        var ids = new[] { "b_st", "a_st", "d_st", "c_st" }.Select(l => new SensorId(city, l, "traffic")).ToList();
        foreach (var id in ids)
        {
            await Store.TryCreateAsync(TestData.NewSensor(id), Ct);
        }

        await Store.TryCreateAsync(TestData.NewSensor(new SensorId(city, "a_st", "weather")), Ct);
        await Store.TryCreateAsync(TestData.NewSensor(new SensorId(city, "e_st", "traffic"), SensorStatus.Inactive), Ct);
        var filter = new SensorFilter(city, "traffic", SensorStatus.Active);

        var first = await Store.ListAsync(filter, null, 3, Ct);
        var second = await Store.ListAsync(filter, first[^1].Id.ToString(), 3, Ct);

        Assert.Equal(["a_st", "b_st", "c_st"], first.Select(s => s.Id.Location));
        Assert.Equal(["d_st"], second.Select(s => s.Id.Location));
    }

    [Fact]
    public async Task ListAsync_AcrossCities_OrdersByIdAndReportsLatestTime()
    {
        var prefix = "it-" + Guid.NewGuid().ToString("N")[..8];
        var sensors = new[] { "c", "a", "b" }.Select(c => TestData.NewSensor(new SensorId(prefix + c, "x", "air_quality"))).ToList();
        foreach (var sensor in sensors)
        {
            await Store.TryCreateAsync(sensor, Ct);
        }

        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        await Store.TryAdvanceLatestAsync(sensors[1].Id, TestData.Latest(at), Ct);

        var listed = await Store.ListAsync(new SensorFilter(null, "air_quality", null), prefix, 1000, Ct);
        var mine = listed.Where(s => s.Id.City.StartsWith(prefix, StringComparison.Ordinal)).ToList();

        Assert.Equal([prefix + "a", prefix + "b", prefix + "c"], mine.Select(s => s.Id.City));
        Assert.Equal(at.UtcTicks / 10, mine[0].LatestReadingAt!.Value.UtcTicks / 10);
        Assert.Null(mine[0].Latest);
    }

    [Fact]
    public async Task PingAsync_ReachableDatabase_Completes()
    {
        await Store.PingAsync(Ct);
    }
}
