using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Readings;

/// <summary>
/// A batch and an export stop at their budget of store time (Readings:RequestBudgetSeconds), so no request runs into
/// the Functions host's timeout, which would restart the worker and fail every request on it.
/// </summary>
public sealed class RequestBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly GatedReadingStore gate;
    private readonly TestServices services;

    public RequestBudgetTests()
    {
        var readings = new InMemoryReadingStore();
        gate = new GatedReadingStore(readings);
        services = new TestServices(Now, readingStore: gate, configure: options => options.RequestBudgetSeconds = 20);
    }

    [Fact]
    public async Task IngestBatchAsync_DatabaseStopsAnsweringPastTheBudget_EveryWaitingItemA503ProblemAndTheBatchAnswers()
    {
        var sensor = services.AddSensor();
        gate.Hold = true;
        var items = Enumerable.Range(0, 3)
            .Select(i => (BatchItem?)new BatchItem(sensor.Id.ToString(), new ReadingDraft { Id = $"r{i}", Timestamp = Now.AddSeconds(-i), Payload = TestSensors.Payload() }))
            .ToList();

        var batch = services.IngestService.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);
        await gate.Entered;
        services.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(batch.IsCompleted);
        services.Clock.Advance(TimeSpan.FromSeconds(1));
        var outcome = await batch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, outcome.Value!.Count);
        Assert.All(outcome.Value, item =>
        {
            Assert.Equal(ProblemKind.ServiceUnavailable, item.Problem?.Kind);
            Assert.Contains("20 s", item.Problem!.Detail, StringComparison.Ordinal);
            Assert.NotNull(item.Problem.RetryAfter);
        });
    }

    [Fact]
    public async Task ExportAsync_FirstPassPastTheBudget_503ProblemBeforeAnythingIsWritten()
    {
        var sensor = services.AddSensor();
        services.AddReading(sensor, "r1", Now.AddMinutes(-1));
        gate.Hold = true;

        var export = services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);
        await gate.Entered;
        services.Clock.Advance(TimeSpan.FromSeconds(20));
        var outcome = await export.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ProblemKind.ServiceUnavailable, outcome.Problem?.Kind);
        Assert.Contains("export a shorter range", outcome.Problem!.Detail, StringComparison.Ordinal);
        Assert.NotNull(outcome.Problem.RetryAfter);
    }

    [Fact]
    public async Task ExportAsync_WritingPassStartsAfterTheBudget_RowsFailAsAStoreOutage()
    {
        var sensor = services.AddSensor();
        services.AddReading(sensor, "r1", Now.AddMinutes(-1));
        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);
        services.Clock.Advance(TimeSpan.FromSeconds(21));

        var rows = outcome.Value!.Rows(CancellationToken.None);

        await Assert.ThrowsAsync<StoreUnavailableException>(async () =>
        {
            await foreach (var _ in rows)
            {
            }
        });
    }

    [Fact]
    public async Task ExportAsync_WritingPassHeldPastWhatIsLeft_RowsFailAsAStoreOutage()
    {
        var sensor = services.AddSensor();
        services.AddReading(sensor, "r1", Now.AddMinutes(-1));
        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);
        services.Clock.Advance(TimeSpan.FromSeconds(15));
        gate.Hold = true;

        var reading = Task.Run(async () =>
        {
            await foreach (var _ in outcome.Value!.Rows(CancellationToken.None))
            {
            }
        });
        await gate.Entered;
        services.Clock.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => reading.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ExportAsync_ExactlyTheRowLimit_ServedAndOneMoreRefusedNamingBothHalves()
    {
        var limited = new TestServices(Now, configure: options => options.MaxExportRows = 3);
        var sensor = limited.AddSensor();
        for (var i = 0; i < 3; i++)
        {
            limited.AddReading(sensor, $"r{i}", Now.AddMinutes(-10 + i));
        }

        var atLimit = await limited.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);
        limited.AddReading(sensor, "old", Now.AddMinutes(-20));
        var past = await limited.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);

        Assert.True(atLimit.Succeeded);
        var message = Assert.Single(ProblemAssert.Validation(past, "from").Errors!["from"]);
        Assert.Contains("from=2026-03-15T11:40:00.0000001Z", message, StringComparison.Ordinal);
        Assert.Contains("to=2026-03-15T11:40:00.0000000Z", message, StringComparison.Ordinal);
    }
}
