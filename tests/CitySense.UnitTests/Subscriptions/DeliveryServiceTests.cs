using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using CitySense.Core.Webhooks;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Subscriptions;

public sealed class DeliveryServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Now);
    private readonly InMemorySubscriptionStore subscriptions = new();
    private readonly InMemoryDeliveryStore deliveries = new();
    private readonly IDeliveryScheduler scheduler = Substitute.For<IDeliveryScheduler>();
    private readonly SubscriptionService subscriptionService;
    private readonly DeliveryService service;

    public DeliveryServiceTests()
    {
        var options = Options.Create(new WebhookOptions());
        subscriptionService = new SubscriptionService(
            subscriptions,
            new SubscriptionSnapshot(subscriptions, clock, options, NullLogger<SubscriptionSnapshot>.Instance),
            new WebhookTargetGuard(Substitute.For<IHostAddressResolver>(), options),
            clock,
            options,
            NullLogger<SubscriptionService>.Instance);
        service = new DeliveryService(subscriptionService, deliveries, scheduler, clock, NullLogger<DeliveryService>.Instance);
    }

    [Fact]
    public async Task ListAsync_ThreePagesOfTwo_NewestFirstEachOnceThenNoCursor()
    {
        var subscription = await SubscribeAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var record = Record(subscription.Id, DeliveryStatus.Succeeded, Now.AddMinutes(i));
            await deliveries.SaveAsync(record, CancellationToken.None);
            ids.Insert(0, record.Id);
        }

        var listed = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await service.ListAsync(TestCallers.Public, subscription.Id, null, 2, cursor, CancellationToken.None)).Value!;
            listed.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(ids, listed);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListAsync_AnotherCallersSubscription_NotFound()
    {
        var subscription = await SubscribeAsync();

        var outcome = await service.ListAsync(TestCallers.Operator(), subscription.Id, null, 10, null, CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, outcome.Problem!.Kind);
    }

    [Fact]
    public async Task ListAsync_ForeignCursor_ValidationProblemNamingTheCursor()
    {
        var subscription = await SubscribeAsync();

        var outcome = await service.ListAsync(TestCallers.Public, subscription.Id, null, 10, Core.Paging.CursorCodec.Encode(new SubscriptionListCursor("sub_x")), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Fact]
    public async Task RedeliverAsync_FailedDelivery_MarkedPendingAndAFreshSeriesQueued()
    {
        var subscription = await SubscribeAsync();
        var record = Record(subscription.Id, DeliveryStatus.Failed, Now.AddHours(-3));
        await deliveries.SaveAsync(record, CancellationToken.None);

        var outcome = await service.RedeliverAsync(TestCallers.Public, subscription.Id, record.Id, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Pending, outcome.Value!.Status);
        Assert.Equal(DeliveryStatus.Pending, (await deliveries.FindAsync(subscription.Id, record.Id, CancellationToken.None))!.Status);
        await scheduler.Received(1).RedeliverAsync(Arg.Is<DeliveryRecord>(r => r.Id == record.Id && r.Attempts == record.Attempts), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task RedeliverAsync_PendingDelivery_ConflictAndNothingQueued()
    {
        var subscription = await SubscribeAsync();
        var record = Record(subscription.Id, DeliveryStatus.Pending, Now);
        await deliveries.SaveAsync(record, CancellationToken.None);

        var outcome = await service.RedeliverAsync(TestCallers.Public, subscription.Id, record.Id, CancellationToken.None);

        Assert.Equal(ProblemKind.DeliveryConflict, outcome.Problem!.Kind);
        await scheduler.DidNotReceiveWithAnyArgs().RedeliverAsync(default!, default);
    }

    [Fact]
    public async Task RedeliverAsync_DisabledSubscription_ConflictAndNothingQueued()
    {
        var subscription = await SubscribeAsync("disabled");
        var record = Record(subscription.Id, DeliveryStatus.Failed, Now);
        await deliveries.SaveAsync(record, CancellationToken.None);

        var outcome = await service.RedeliverAsync(TestCallers.Public, subscription.Id, record.Id, CancellationToken.None);

        Assert.Equal(ProblemKind.DeliveryConflict, outcome.Problem!.Kind);
        await scheduler.DidNotReceiveWithAnyArgs().RedeliverAsync(default!, default);
    }

    [Fact]
    public async Task RedeliverAsync_UnknownDelivery_NotFound()
    {
        var subscription = await SubscribeAsync();

        var outcome = await service.RedeliverAsync(TestCallers.Public, subscription.Id, "msg_" + Guid.NewGuid().ToString("N"), CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, outcome.Problem!.Kind);
    }

    [Fact]
    public async Task RedeliverAsync_QueueUnavailable_RecordPutBackAndTheFailureRaised()
    {
        var subscription = await SubscribeAsync();
        var record = Record(subscription.Id, DeliveryStatus.Failed, Now);
        await deliveries.SaveAsync(record, CancellationToken.None);
        scheduler.RedeliverAsync(default!, default).ReturnsForAnyArgs(Task.FromException(new StoreUnavailableException("queue down", TimeSpan.FromSeconds(5), null)));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => service.RedeliverAsync(TestCallers.Public, subscription.Id, record.Id, CancellationToken.None));

        Assert.Equal(record, (await deliveries.FindAsync(subscription.Id, record.Id, CancellationToken.None))! with { Version = null });
    }

    [Fact]
    public async Task RedeliverAsync_RecordExpiredAfterItWasRead_NotFoundAndNothingQueued()
    {
        var subscription = await SubscribeAsync();
        var record = Record(subscription.Id, DeliveryStatus.Failed, Now) with { Version = "v1" };
        var store = Substitute.For<IDeliveryStore>();
        store.FindAsync(subscription.Id, record.Id, Arg.Any<CancellationToken>()).Returns(record);
        store.ReplaceAsync(default!, default!, default).ReturnsForAnyArgs(StoreWriteStatus.NotFound);
        var expiring = new DeliveryService(subscriptionService, store, scheduler, clock, NullLogger<DeliveryService>.Instance);

        var outcome = await expiring.RedeliverAsync(TestCallers.Public, subscription.Id, record.Id, CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, outcome.Problem!.Kind);
        await scheduler.DidNotReceiveWithAnyArgs().RedeliverAsync(default!, default);
    }

    [Fact]
    public async Task RedeliverAsync_TwoAtOnceFromTheSameRead_OneSeriesQueuedTheOtherConflict()
    {
        var subscription = await SubscribeAsync();
        var record = Record(subscription.Id, DeliveryStatus.Failed, Now);
        await deliveries.SaveAsync(record, CancellationToken.None);
        var read = (await deliveries.FindAsync(subscription.Id, record.Id, CancellationToken.None))!;
        var store = Substitute.For<IDeliveryStore>();
        store.FindAsync(subscription.Id, record.Id, Arg.Any<CancellationToken>()).Returns(read);
        store.ReplaceAsync(default!, default!, default).ReturnsForAnyArgs(
            call => deliveries.ReplaceAsync(call.Arg<DeliveryRecord>(), call.ArgAt<string>(1), CancellationToken.None));
        var racing = new DeliveryService(subscriptionService, store, scheduler, clock, NullLogger<DeliveryService>.Instance);

        var first = await racing.RedeliverAsync(TestCallers.Public, subscription.Id, record.Id, CancellationToken.None);
        var second = await racing.RedeliverAsync(TestCallers.Public, subscription.Id, record.Id, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Equal(ProblemKind.DeliveryConflict, second.Problem!.Kind);
        await scheduler.Received(1).RedeliverAsync(Arg.Any<DeliveryRecord>(), Arg.Any<CancellationToken>());
        Assert.Equal(DeliveryStatus.Pending, (await deliveries.FindAsync(subscription.Id, record.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task PingAsync_OwnSubscription_QueuedThroughTheScheduler()
    {
        var subscription = await SubscribeAsync();
        scheduler.PingAsync(Arg.Any<Subscription>(), Arg.Any<CancellationToken>()).Returns("msg_0123456789abcdef0123456789abcdef");

        var outcome = await service.PingAsync(TestCallers.Public, subscription.Id, CancellationToken.None);

        Assert.Equal("msg_0123456789abcdef0123456789abcdef", outcome.Value);
        await scheduler.Received(1).PingAsync(Arg.Is<Subscription>(s => s.Id == subscription.Id), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ReplaceAsync_StatusActiveOnADisabledSubscription_EnabledWithTheMarksCleared()
    {
        var subscription = await SubscribeAsync();
        await subscriptions.SetFailingSinceAsync(subscription.Id, Now.AddDays(-2), CancellationToken.None);
        await subscriptions.DisableAsync(
            subscription with { Status = SubscriptionStatus.Disabled, DisabledAt = Now, DisabledReason = "Every delivery failed.", Version = "v2" },
            subscription.Version,
            CancellationToken.None);

        var outcome = await subscriptionService.ReplaceAsync(TestCallers.Public, subscription.Id, Draft("active"), null, CancellationToken.None);

        var enabled = outcome.Value!;
        Assert.Equal((SubscriptionStatus.Active, null, null, null), (enabled.Status, enabled.DisabledAt, enabled.DisabledReason, enabled.FailingSince));
        Assert.Equal(enabled, subscriptions.All.Single(s => s.Id == subscription.Id));
    }

    [Fact]
    public async Task ReplaceAsync_UnknownStatus_ValidationProblemNamingStatus()
    {
        var subscription = await SubscribeAsync();

        var outcome = await subscriptionService.ReplaceAsync(TestCallers.Public, subscription.Id, Draft("paused"), null, CancellationToken.None);

        ProblemAssert.Validation(outcome, "status");
    }

    private async Task<Subscription> SubscribeAsync(string? status = null) =>
        (await subscriptionService.CreateAsync(TestCallers.Public, Draft(status), CancellationToken.None)).Value!;

    private static SubscriptionDraft Draft(string? status = null) => new()
    {
        Url = "https://93.184.216.34/hooks/citysense",
        Filter = new SubscriptionFilterDraft { City = "austin" },
        Status = status,
    };

    private static DeliveryRecord Record(string subscriptionId, DeliveryStatus status, DateTimeOffset createdAt) => new()
    {
        Id = "msg_" + Guid.NewGuid().ToString("N"),
        SubscriptionId = subscriptionId,
        EventType = "reading.created",
        Status = status,
        Attempts = 6,
        RecentAttempts = [new DeliveryAttempt(createdAt, 500, 3.5, "The receiver answered 500.")],
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };
}
