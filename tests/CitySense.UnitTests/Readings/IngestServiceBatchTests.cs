using CitySense.Core;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Readings;

public sealed class IngestServiceBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);
    private readonly Sensor sensor;

    public IngestServiceBatchTests()
    {
        sensor = services.AddSensor();
    }

    private IngestService Service => services.IngestService;

    [Fact]
    public async Task IngestBatchAsync_NoItems_ReturnsValidationForReadings()
    {
        var missing = await Service.IngestBatchAsync(TestCallers.Admin, null, CancellationToken.None);
        var empty = await Service.IngestBatchAsync(TestCallers.Admin, [], CancellationToken.None);

        ProblemAssert.Validation(missing, "readings");
        ProblemAssert.Validation(empty, "readings");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task IngestBatchAsync_MoreThan500Items_ReturnsValidationForReadingsAndStoresNothing()
    {
        var items = Enumerable.Range(0, ApiLimits.MaxBatchItems + 1).Select(i => Item(sensor, $"r{i}", Now.AddSeconds(-i))).ToList();

        var outcome = await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        ProblemAssert.Validation(outcome, "readings");
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task IngestBatchAsync_500Items_StoresEachAndMovesLatestOnce()
    {
        var items = Enumerable.Range(0, ApiLimits.MaxBatchItems).Select(i => Item(sensor, $"r{i:D3}", Now.AddSeconds(-i))).ToList();

        var outcome = await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        Assert.All(outcome.Value!, item => Assert.True(item.Result?.Created));
        Assert.Equal(ApiLimits.MaxBatchItems, services.Readings.All.Count);
        Assert.Equal(["TryAdvanceLatest"], services.Sensors.Calls);
        Assert.Equal("r000", services.Sensors.Get(sensor.Id)!.Latest!.Id);
    }

    [Fact]
    public async Task IngestBatchAsync_ItemsOutOfOrder_MovesLatestToTheNewestWhateverTheOrder()
    {
        BatchItem?[] items = [Item(sensor, "middle", Now.AddMinutes(-2)), Item(sensor, "newest", Now.AddMinutes(-1)), Item(sensor, "oldest", Now.AddMinutes(-3))];

        var outcome = await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        Assert.Equal(["middle", "newest", "oldest"], outcome.Value!.Select(item => item.Result!.Reading.Id));
        Assert.Equal("newest", services.Sensors.Get(sensor.Id)!.Latest!.Id);
        Assert.Single(services.Sensors.Calls, call => call == "TryAdvanceLatest");
    }

    [Fact]
    public async Task IngestBatchAsync_InvalidItems_ReportEachInPlaceAndTheRestAreStored()
    {
        BatchItem?[] items =
        [
            Item(sensor, "ok-1", Now),
            null,
            new BatchItem(null, Draft("no-sensor", Now)),
            new BatchItem("Houston.x.y", Draft("bad-sensor", Now)),
            new BatchItem(sensor.Id.ToString(), new ReadingDraft { Id = "no-payload" }),
            Item(sensor, "ok-2", Now.AddMinutes(-1)),
        ];

        var outcome = await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        var results = outcome.Value!;
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(item => item.Index));
        Assert.True(results[0].Result!.Created);
        Assert.Equal(ProblemKind.Validation, results[1].Problem!.Kind);
        Assert.Contains("sensorId", results[2].Problem!.Errors!.Keys);
        Assert.Equal("is required", results[2].Problem!.Errors!["sensorId"][0]);
        Assert.Equal(SensorId.Rule, results[3].Problem!.Errors!["sensorId"][0]);
        Assert.Equal("Houston.x.y", results[3].SensorId);
        Assert.Contains("payload", results[4].Problem!.Errors!.Keys);
        Assert.True(results[5].Result!.Created);
        Assert.Equal(["ok-1", "ok-2"], services.Readings.All.Select(reading => reading.Id));
    }

    [Fact]
    public async Task IngestBatchAsync_SameSensorAndIdTwice_SecondIsADuplicateOfTheFirst()
    {
        BatchItem?[] items = [Item(sensor, "twice", Now), Item(sensor, "twice", Now.AddMinutes(-1))];

        var outcome = await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        var (first, second) = (outcome.Value![0], outcome.Value[1]);
        Assert.True(first.Result!.Created);
        Assert.False(second.Result!.Created);
        Assert.Equal(1, second.Index);
        Assert.Same(first.Result.Reading, second.Result.Reading);
        Assert.Equal(["TryCreate"], services.Readings.Calls);
    }

    [Fact]
    public async Task IngestBatchAsync_SameIdForTwoSensors_StoresBoth()
    {
        var other = services.AddSensor();
        BatchItem?[] items = [Item(sensor, "shared", Now), Item(other, "shared", Now)];

        var outcome = await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        Assert.All(outcome.Value!, item => Assert.True(item.Result!.Created));
        Assert.Equal(2, services.Readings.All.Count);
    }

    [Fact]
    public async Task IngestBatchAsync_UnknownAndInactiveSensors_FailTheirItemsOnly()
    {
        var inactive = services.AddSensor(SensorStatus.Inactive);
        var unknown = TestSensors.NewId();
        BatchItem?[] items = [new BatchItem(unknown.ToString(), Draft("u", Now)), Item(inactive, "i", Now), Item(sensor, "ok", Now)];

        var outcome = await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        var results = outcome.Value!;
        Assert.Equal(ProblemKind.NotFound, results[0].Problem!.Kind);
        Assert.Equal(ProblemKind.SensorInactive, results[1].Problem!.Kind);
        Assert.True(results[2].Result!.Created);
        Assert.Equal(["ok"], services.Readings.All.Select(reading => reading.Id));
    }

    [Fact]
    public async Task IngestBatchAsync_StoreUnavailableForOneItem_ThatItemGetsARetryableProblem()
    {
        var failing = new TestServices(Now, readingStore: new FailingReadingStore("fails"));
        var target = failing.AddSensor();
        BatchItem?[] items = [Item(target, "fails", Now.AddMinutes(-1)), Item(target, "ok", Now)];

        var outcome = await failing.IngestService.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        var problem = outcome.Value![0].Problem!;
        Assert.Equal(ProblemKind.ServiceUnavailable, problem.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), problem.RetryAfter);
        Assert.True(outcome.Value[1].Result!.Created);
    }

    [Fact]
    public async Task IngestBatchAsync_Everything_CountsStoreOperationsPerSensorNotPerItem()
    {
        var other = services.AddSensor();
        BatchItem?[] items = [Item(sensor, "a1", Now), Item(sensor, "a2", Now.AddSeconds(-1)), Item(other, "b1", Now), Item(other, "b2", Now.AddSeconds(-1))];

        await Service.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        Assert.Equal(2, services.Sensors.Calls.Count);
        Assert.Equal(4, services.Readings.Calls.Count);
    }

    private static BatchItem Item(Sensor target, string id, DateTimeOffset timestamp) => new(target.Id.ToString(), Draft(id, timestamp));

    private static ReadingDraft Draft(string id, DateTimeOffset timestamp) => new() { Id = id, Timestamp = timestamp, Payload = TestSensors.Payload() };

    /// <summary>A reading store that is unavailable for one reading id and stores the others in memory.</summary>
    private sealed class FailingReadingStore(string failingId) : IReadingStore
    {
        private readonly Testing.Stores.InMemoryReadingStore inner = new();

        public Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken) =>
            reading.Id == failingId
                ? Task.FromException<IngestResult>(new StoreUnavailableException("throttled", TimeSpan.FromSeconds(2), new InvalidOperationException("429")))
                : inner.TryCreateAsync(reading, bucket, cancellationToken);

        public Task<IReadOnlyList<Reading>> ListAsync(ReadingBucket bucket, string fromSortKey, string beforeSortKey, int take, CancellationToken cancellationToken) =>
            inner.ListAsync(bucket, fromSortKey, beforeSortKey, take, cancellationToken);
    }
}
