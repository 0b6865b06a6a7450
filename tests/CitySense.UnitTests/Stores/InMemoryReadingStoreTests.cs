using CitySense.Core.Readings;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Stores;

// Benchmarks and unit tests rely on this store behaving like the Cosmos adapter; these tests pin that behaviour.
public sealed class InMemoryReadingStoreTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly InMemoryReadingStore store = new();
    private readonly CitySense.Core.Sensors.Sensor sensor = TestSensors.Create(TestSensors.NewId());

    [Fact]
    public async Task TryCreateAsync_NewId_StoresItAsCreated()
    {
        var reading = TestReadings.Create(sensor, "r-1", Time);

        var result = await store.TryCreateAsync(reading, January, CancellationToken.None);

        Assert.Equal(new IngestResult(reading, Created: true), result);
        Assert.Equal([reading], store.In(January));
    }

    [Fact]
    public async Task TryCreateAsync_IdAlreadyInTheBucket_ReturnsTheStoredReadingNotCreated()
    {
        var original = TestReadings.Create(sensor, "r-1", Time);
        store.Add(original, January);

        var result = await store.TryCreateAsync(TestReadings.Create(sensor, "r-1", Time.AddMinutes(1), payload: TestSensors.Payload(99)), January, CancellationToken.None);

        Assert.False(result.Created);
        Assert.Same(original, result.Reading);
        Assert.Equal([original], store.In(January));
    }

    [Fact]
    public async Task TryCreateAsync_SameIdInAnotherBucket_IsAnotherReading()
    {
        store.Add(TestReadings.Create(sensor, "r-1", Time), January);
        var february = TestReadings.Create(sensor, "r-1", Time.AddDays(5));

        var result = await store.TryCreateAsync(february, February, CancellationToken.None);

        Assert.True(result.Created);
        Assert.Equal(2, store.All.Count);
    }

    [Fact]
    public async Task TryCreateAsync_SameIdInParallel_CreatesItOnce()
    {
        var attempts = Enumerable.Range(0, 50).Select(i => TestReadings.Create(sensor, "r-1", Time.AddSeconds(i))).ToList();

        var results = await Task.WhenAll(attempts.Select(reading => Task.Run(() => store.TryCreateAsync(reading, January, CancellationToken.None))));

        Assert.Single(results, result => result.Created);
        Assert.All(results, result => Assert.Same(Assert.Single(store.In(January)), result.Reading));
    }

    [Fact]
    public async Task ListAsync_Range_ReturnsFromInclusiveToBeforeExclusiveNewestFirstUpToTake()
    {
        var readings = Enumerable.Range(0, 5).Select(i => TestReadings.Create(sensor, $"r{i}", Time.AddMinutes(i))).ToList();
        readings.ForEach(reading => store.Add(reading, January));

        var page = await store.ListAsync(January, readings[1].SortKey, readings[4].SortKey, 10, CancellationToken.None);
        var limited = await store.ListAsync(January, readings[0].SortKey, readings[4].SortKey, 2, CancellationToken.None);

        Assert.Equal([readings[3], readings[2], readings[1]], page);
        Assert.Equal([readings[3], readings[2]], limited);
    }

    [Fact]
    public async Task ListAsync_OtherBuckets_AreNotListed()
    {
        store.Add(TestReadings.Create(sensor, "feb", Time.AddDays(5)), February);
        var january = TestReadings.Create(sensor, "jan", Time);
        store.Add(january, January);

        var page = await store.ListAsync(January, "0", "~", 10, CancellationToken.None);

        Assert.Equal([january], page);
    }

    [Fact]
    public void All_ReadingsInSeveralBuckets_AreNewestFirst()
    {
        var older = TestReadings.Create(sensor, "older", Time);
        var newer = TestReadings.Create(sensor, "newer", Time.AddDays(5));
        store.Add(older, January);
        store.Add(newer, February);

        Assert.Equal([newer, older], store.All);
    }

    [Fact]
    public async Task Calls_StoreMethods_AreRecordedButAddInAndAllAreNot()
    {
        store.Add(TestReadings.Create(sensor, "r-0", Time), January);
        _ = store.In(January);
        _ = store.All;

        await store.TryCreateAsync(TestReadings.Create(sensor, "r-1", Time), January, CancellationToken.None);
        await store.ListAsync(January, "0", "~", 1, CancellationToken.None);

        Assert.Equal(["TryCreate", "List"], store.Calls);
        store.ResetCalls();
        Assert.Empty(store.Calls);
        Assert.Equal(2, store.All.Count);
    }

    private ReadingBucket January => new(sensor.Id, sensor.Incarnation, 2026, 1);

    private ReadingBucket February => new(sensor.Id, sensor.Incarnation, 2026, 2);
}
