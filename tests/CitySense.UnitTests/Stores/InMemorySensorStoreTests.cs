using CitySense.Core.Geo;
using CitySense.Core.Sensors;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Stores;

// Benchmarks and unit tests rely on this store behaving like the Cosmos adapter; these tests pin that behaviour.
public sealed class InMemorySensorStoreTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly InMemorySensorStore store = new();

    [Fact]
    public async Task TryCreateAsync_NewId_StoresTheSensor()
    {
        var sensor = TestSensors.Create(TestSensors.NewId());

        var created = await store.TryCreateAsync(sensor, CancellationToken.None);

        Assert.True(created);
        Assert.Same(sensor, await store.FindAsync(sensor.Id, CancellationToken.None));
    }

    [Fact]
    public async Task TryCreateAsync_ExistingId_ReturnsFalseAndKeepsTheFirst()
    {
        var first = store.Add(TestSensors.Create(TestSensors.NewId()));

        var created = await store.TryCreateAsync(TestSensors.Create(first.Id), CancellationToken.None);

        Assert.False(created);
        Assert.Same(first, store.Get(first.Id));
    }

    [Fact]
    public async Task FindAsync_UnknownId_ReturnsNull()
    {
        var found = await store.FindAsync(TestSensors.NewId(), CancellationToken.None);

        Assert.Null(found);
    }

    [Fact]
    public async Task UpdateAsync_AnyVersion_ReplacesTheMutableFieldsAndKeepsTheRest()
    {
        var latest = TestReadings.Latest("r-1", Time);
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), latest: latest));
        var changes = Changes(SensorStatus.Inactive);

        var write = await store.UpdateAsync(sensor.Id, changes, null, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Written, write.Status);
        var stored = store.Get(sensor.Id)!;
        Assert.Equal(stored, write.Sensor);
        Assert.Equal((changes.Coordinates, changes.Status, changes.NewVersion, changes.UpdatedAt), (stored.Coordinates, stored.Status, stored.Version, stored.UpdatedAt));
        Assert.Equal("moved", stored.Metadata!.Value.GetProperty("note").GetString());
        Assert.Equal((sensor.Incarnation, sensor.CreatedAt), (stored.Incarnation, stored.CreatedAt));
        Assert.Same(latest, stored.Latest);
    }

    [Fact]
    public async Task UpdateAsync_OneOfTheExpectedVersions_Writes()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId()));

        var write = await store.UpdateAsync(sensor.Id, Changes(), ["0123456789abcdef", sensor.Version], CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Written, write.Status);
    }

    [Fact]
    public async Task UpdateAsync_NoneOfTheExpectedVersions_FailsTheConditionAndKeepsTheSensor()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId()));

        var write = await store.UpdateAsync(sensor.Id, Changes(), ["0123456789abcdef"], CancellationToken.None);

        Assert.Equal(SensorWrite.ConditionFailed, write);
        Assert.Same(sensor, store.Get(sensor.Id));
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_ReturnsNotFound()
    {
        var write = await store.UpdateAsync(TestSensors.NewId(), Changes(), null, CancellationToken.None);

        Assert.Equal(SensorWrite.NotFound, write);
    }

    [Fact]
    public async Task DeleteAsync_AtItsVersionAndThenAgain_WrittenThenNotFound()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId()));

        var stale = await store.DeleteAsync(sensor.Id, "0000000000000000", CancellationToken.None);
        var first = await store.DeleteAsync(sensor.Id, sensor.Version, CancellationToken.None);
        var second = await store.DeleteAsync(sensor.Id, sensor.Version, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.ConditionFailed, stale);
        Assert.Equal(StoreWriteStatus.Written, first);
        Assert.Equal(StoreWriteStatus.NotFound, second);
        Assert.Null(store.Get(sensor.Id));
    }

    [Fact]
    public async Task ListAsync_Sensors_InOrdinalIdOrderAfterTheGivenIdUpToTake()
    {
        foreach (var location in new[] { "c", "a", "B", "b", "d" })
        {
            store.Add(TestSensors.Create(new SensorId("houston", location, "weather")));
        }

        var all = await store.ListAsync(new SensorFilter(null, null, null), null, 10, CancellationToken.None);
        var after = await store.ListAsync(new SensorFilter(null, null, null), "houston.a.weather", 2, CancellationToken.None);

        Assert.Equal(["B", "a", "b", "c", "d"], all.Select(s => s.Id.Location));
        Assert.Equal(["b", "c"], after.Select(s => s.Id.Location));
    }

    [Fact]
    public async Task ListAsync_Filter_ReturnsOnlySensorsThatPassEveryPart()
    {
        var wanted = store.Add(TestSensors.Create(new SensorId("houston", "a", "weather"), SensorStatus.Inactive, new Coordinates(29.5, -95.5)));
        store.Add(TestSensors.Create(new SensorId("dallas", "a", "weather"), SensorStatus.Inactive, new Coordinates(29.5, -95.5)));
        store.Add(TestSensors.Create(new SensorId("houston", "b", "traffic"), SensorStatus.Inactive, new Coordinates(29.5, -95.5)));
        store.Add(TestSensors.Create(new SensorId("houston", "c", "weather"), SensorStatus.Active, new Coordinates(29.5, -95.5)));
        store.Add(TestSensors.Create(new SensorId("houston", "d", "weather"), SensorStatus.Inactive, new Coordinates(31, -95.5)));
        var filter = new SensorFilter("houston", "weather", SensorStatus.Inactive, new BoundingBox(-96, 29, -95, 30));

        var listed = await store.ListAsync(filter, null, 10, CancellationToken.None);

        Assert.Equal(wanted.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task ListAsync_SensorOnTheBoxEdge_IsInside()
    {
        var onEdge = store.Add(TestSensors.Create(TestSensors.NewId(), coordinates: new Coordinates(30, -95)));

        var listed = await store.ListAsync(new SensorFilter(null, null, null, new BoundingBox(-96, 29, -95, 30)), null, 10, CancellationToken.None);

        Assert.Equal(onEdge.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task ListAsync_SensorWithALatestReading_ListsItsTimestampOnly()
    {
        store.Add(TestSensors.Create(TestSensors.NewId(), latest: TestReadings.Latest("r-1", Time)));

        var listed = Assert.Single(await store.ListAsync(new SensorFilter(null, null, null), null, 10, CancellationToken.None));

        Assert.Null(listed.Latest);
        Assert.Equal(Time, listed.LatestReadingAt);
    }

    [Fact]
    public async Task ListNearAsync_Ring_ReturnsSensorsFromInnerToOuterMetres()
    {
        var center = new Coordinates(29.7604, -95.3698);
        store.Add(TestSensors.Create(new SensorId("houston", "at-100m", "weather"), coordinates: North(center, 100)));
        store.Add(TestSensors.Create(new SensorId("houston", "at-500m", "weather"), coordinates: North(center, 500)));
        store.Add(TestSensors.Create(new SensorId("houston", "at-900m", "weather"), coordinates: North(center, 900)));

        var found = await store.ListNearAsync(center, 200, 800, new SensorFilter(null, null, null), withLatest: false, CancellationToken.None);

        Assert.Equal("at-500m", Assert.Single(found).Id.Location);
    }

    [Fact]
    public async Task ListNearAsync_WithLatest_ReturnsOnlySensorsWithAReadingAndLoadsIt()
    {
        var center = new Coordinates(29.7604, -95.3698);
        var latest = TestReadings.Latest("r-1", Time);
        var withReading = store.Add(TestSensors.Create(TestSensors.NewId(), coordinates: center, latest: latest));
        store.Add(TestSensors.Create(TestSensors.NewId(), coordinates: center));

        var withLatest = await store.ListNearAsync(center, 0, 10, new SensorFilter(null, null, null), withLatest: true, CancellationToken.None);
        var without = await store.ListNearAsync(center, 0, 10, new SensorFilter(null, null, null), withLatest: false, CancellationToken.None);

        Assert.Same(latest, Assert.Single(withLatest).Latest);
        Assert.Equal(withReading.Id, withLatest[0].Id);
        Assert.Equal(2, without.Count);
        Assert.All(without, sensor => Assert.Null(sensor.Latest));
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_NewerCandidate_BecomesTheLatest()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), latest: TestReadings.Latest("older", Time)));
        var candidate = TestReadings.Latest("newer", Time.AddSeconds(1));

        var write = await store.TryAdvanceLatestAsync(sensor.Id, candidate, CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Written, write.Status);
        Assert.Same(candidate, store.Get(sensor.Id)!.Latest);
        Assert.Equal(sensor.Version, store.Get(sensor.Id)!.Version);
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_SameTimeLaterId_BecomesTheLatest()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), latest: TestReadings.Latest("a", Time)));

        var write = await store.TryAdvanceLatestAsync(sensor.Id, TestReadings.Latest("b", Time), CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Written, write.Status);
    }

    [Theory]
    [InlineData(-1, "newer")]
    [InlineData(0, "current")]
    public async Task TryAdvanceLatestAsync_OlderOrSameReading_FailsTheConditionAndKeepsTheLatest(int seconds, string id)
    {
        var current = TestReadings.Latest("current", Time);
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), latest: current));

        var write = await store.TryAdvanceLatestAsync(sensor.Id, TestReadings.Latest(id, Time.AddSeconds(seconds)), CancellationToken.None);

        Assert.Equal(SensorWrite.ConditionFailed, write);
        Assert.Same(current, store.Get(sensor.Id)!.Latest);
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_InactiveSensor_FailsTheCondition()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), SensorStatus.Inactive));

        var write = await store.TryAdvanceLatestAsync(sensor.Id, TestReadings.Latest("r-1", Time), CancellationToken.None);

        Assert.Equal(SensorWrite.ConditionFailed, write);
        Assert.Null(store.Get(sensor.Id)!.Latest);
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_UnknownSensor_ReturnsNotFound()
    {
        var write = await store.TryAdvanceLatestAsync(TestSensors.NewId(), TestReadings.Latest("r-1", Time), CancellationToken.None);

        Assert.Equal(SensorWrite.NotFound, write);
    }

    [Fact]
    public async Task TryAdvanceLatestAsync_ManyInParallel_EndsWithTheNewest()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId()));
        var candidates = Enumerable.Range(0, 200).Select(i => TestReadings.Latest($"r{i:D3}", Time.AddSeconds(i))).Reverse().ToList();

        await Parallel.ForEachAsync(candidates, async (candidate, ct) => await store.TryAdvanceLatestAsync(sensor.Id, candidate, ct));

        Assert.Equal("r199", store.Get(sensor.Id)!.Latest!.Id);
    }

    [Fact]
    public async Task ReplaceLatestAsync_StillTheExpectedReading_ReplacesIt()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), latest: TestReadings.Latest("wrong", Time)));
        var right = TestReadings.Latest("right", Time.AddSeconds(-5));

        var write = await store.ReplaceLatestAsync(sensor.Id, right, "wrong", CancellationToken.None);

        Assert.Equal(StoreWriteStatus.Written, write.Status);
        Assert.Same(right, store.Get(sensor.Id)!.Latest);
    }

    [Fact]
    public async Task ReplaceLatestAsync_Null_RemovesTheLatest()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), latest: TestReadings.Latest("wrong", Time)));

        await store.ReplaceLatestAsync(sensor.Id, null, "wrong", CancellationToken.None);

        Assert.Null(store.Get(sensor.Id)!.Latest);
    }

    [Fact]
    public async Task ReplaceLatestAsync_LatestMovedOn_FailsTheConditionAndKeepsIt()
    {
        var moved = TestReadings.Latest("moved-on", Time);
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId(), latest: moved));

        var write = await store.ReplaceLatestAsync(sensor.Id, TestReadings.Latest("right", Time), "wrong", CancellationToken.None);

        Assert.Equal(SensorWrite.ConditionFailed, write);
        Assert.Same(moved, store.Get(sensor.Id)!.Latest);
    }

    [Fact]
    public async Task Calls_StoreMethods_AreRecordedInOrderButAddAndGetAreNot()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId()));
        store.Get(sensor.Id);

        await store.FindAsync(sensor.Id, CancellationToken.None);
        await store.TryAdvanceLatestAsync(sensor.Id, TestReadings.Latest("r-1", Time), CancellationToken.None);
        await store.PingAsync(CancellationToken.None);

        Assert.Equal(["Find", "TryAdvanceLatest", "Ping"], store.Calls);
    }

    [Fact]
    public async Task ResetCalls_AfterCalls_ForgetsThemAndKeepsTheData()
    {
        var sensor = store.Add(TestSensors.Create(TestSensors.NewId()));
        await store.FindAsync(sensor.Id, CancellationToken.None);

        store.ResetCalls();

        Assert.Empty(store.Calls);
        Assert.Same(sensor, store.Get(sensor.Id));
    }

    private static SensorChanges Changes(SensorStatus status = SensorStatus.Active) =>
        new(new Coordinates(1, 2), status, JsonText.Element("""{"note":"moved"}"""), TestSensors.NewToken(), Time.AddDays(1), "admin-sub");

    /// <summary>A point <paramref name="meters"/> north of <paramref name="origin"/>.</summary>
    private static Coordinates North(Coordinates origin, double meters) =>
        origin with { Lat = origin.Lat + (meters / Distance.EarthRadiusMeters * 180 / Math.PI) };
}
