using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Readings;

/// <summary>Every reading an ingest acknowledges is announced once the store has it; a failed announcement is retried by the client.</summary>
public sealed class IngestServiceEventTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);
    private readonly Sensor sensor;

    public IngestServiceEventTests()
    {
        sensor = services.AddSensor();
    }

    [Fact]
    public async Task IngestAsync_Stored_PublishesTheStoredReadingOnce()
    {
        var outcome = await services.IngestService.IngestAsync(TestCallers.Admin, sensor.Id, Draft("r1"), CancellationToken.None);

        Assert.Equal([outcome.Value!.Reading], services.Events.Published);
        Assert.Equal([outcome.Value.Reading], services.Readings.All);
    }

    [Fact]
    public async Task IngestAsync_QueueUnavailable_ThrowsForA503AfterStoringAndTheRetryPublishes()
    {
        services.Events.Unavailable = true;

        var thrown = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            services.IngestService.IngestAsync(TestCallers.Admin, sensor.Id, Draft("r1"), CancellationToken.None));
        Assert.Empty(services.Events.Published);
        Assert.Equal(IngestService.NotQueuedDetail, thrown.Detail);
        Assert.Equal(TimeSpan.FromSeconds(5), thrown.RetryAfter);

        services.Events.Unavailable = false;
        var retried = await services.IngestService.IngestAsync(TestCallers.Admin, sensor.Id, Draft("r1"), CancellationToken.None);

        Assert.False(retried.Value!.Created);
        Assert.Equal(["r1"], services.Events.Published.Select(reading => reading.Id));
        Assert.Single(services.Readings.All);
    }

    [Fact]
    public async Task IngestBatchAsync_QueueUnavailable_EveryItemA503WithRetryAfterAndARetryPublishesEach()
    {
        BatchItem?[] items = [new(sensor.Id.ToString(), Draft("b1")), new(sensor.Id.ToString(), Draft("b2"))];
        services.Events.Unavailable = true;

        var failed = await services.IngestService.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        Assert.All(failed.Value!, item => Assert.Equal((ProblemKind.ServiceUnavailable, TimeSpan.FromSeconds(5)), (item.Problem!.Kind, item.Problem.RetryAfter)));
        Assert.All(failed.Value!, item => Assert.Equal(
            "The reading was stored but its event could not be queued; retry the request: retries are safe (the same reading id is stored once and queued again).",
            item.Problem!.Detail));

        services.Events.Unavailable = false;
        var retried = await services.IngestService.IngestBatchAsync(TestCallers.Admin, items, CancellationToken.None);

        Assert.All(retried.Value!, item => Assert.NotNull(item.Result));
        Assert.Equal(["b1", "b2"], services.Events.Published.Select(reading => reading.Id).Order());
    }

    private static ReadingDraft Draft(string id) => new() { Id = id, Timestamp = Now.AddMinutes(-1), Payload = TestSensors.Payload() };
}
