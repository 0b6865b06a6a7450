using CitySense.Core.Sensors;
using System.Text.Json;
using CitySense.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.IntegrationTests;

/// <summary>
/// The Cosmos adapter of delivery records against the test account: one upsert per attempt, one point read, and a
/// subscription's listing newest first in one single-partition query, filtered by status and paged by sort key.
/// Subscription health marks are single patches that leave the version alone (disabling changes it).
/// </summary>
public sealed class CosmosDeliveryStoreTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private IDeliveryStore Store => fixture.Services.GetRequiredService<IDeliveryStore>();

    [Fact]
    public async Task SaveAsync_ARecordTwice_OneUpsertEachAndReadBackWholeInOnePointRead()
    {
        var subscriptionId = NewSubscriptionId();
        var record = New(subscriptionId, Start, DeliveryStatus.Pending) with
        {
            Subject = JsonDocument.Parse("""{"sensorId":"austin.lamar.air_quality","payload":{"pm25":40.5}}""").RootElement.Clone(),
            NextAttemptAt = Start.AddMinutes(1),
        };

        var saves = await fixture.Counter.CountAsync(async () =>
        {
            await Store.SaveAsync(record, Ct);
            await Store.SaveAsync(record with { Status = DeliveryStatus.Succeeded, Attempts = 2 }, Ct);
        });
        DeliveryRecord? found = null;
        var reads = await fixture.Counter.CountAsync(async () => found = await Store.FindAsync(subscriptionId, record.Id, Ct));

        Assert.Equal(["Upsert Document", "Upsert Document"], saves);
        Assert.Equal(["Read Document"], reads);
        Assert.Equal((DeliveryStatus.Succeeded, 2), (found!.Status, found.Attempts));
        Assert.Equal(record.RecentAttempts, found.RecentAttempts);
        Assert.Equal(40.5, found.Subject!.Value.GetProperty("payload").GetProperty("pm25").GetDouble());
        Assert.Null(await Store.FindAsync(subscriptionId, NewId(), Ct));
        Assert.Null(await Store.FindAsync(NewSubscriptionId(), record.Id, Ct));
    }

    [Fact]
    public async Task ReplaceAsync_AtTheVersionRead_OneReplaceOnceThenRefusedAndTheRecordKept()
    {
        var subscriptionId = NewSubscriptionId();
        var record = New(subscriptionId, Start, DeliveryStatus.Failed);
        await Store.SaveAsync(record, Ct);
        var read = (await Store.FindAsync(subscriptionId, record.Id, Ct))!;

        StoreWriteStatus first = default, second = default;
        var sent = await fixture.Counter.CountAsync(async () =>
        {
            first = await Store.ReplaceAsync(read with { Status = DeliveryStatus.Pending }, read.Version!, Ct);
            second = await Store.ReplaceAsync(read with { Status = DeliveryStatus.Succeeded }, read.Version!, Ct);
        });
        var stored = (await Store.FindAsync(subscriptionId, record.Id, Ct))!;

        Assert.False(string.IsNullOrEmpty(read.Version));
        Assert.Equal(StoreWriteStatus.Written, first);
        Assert.Equal(StoreWriteStatus.ConditionFailed, second);
        Assert.Equal(["Replace Document", "Replace Document"], sent);
        Assert.Equal(DeliveryStatus.Pending, stored.Status);
        Assert.NotEqual(read.Version, stored.Version);
        Assert.Equal(StoreWriteStatus.NotFound, await Store.ReplaceAsync(New(subscriptionId, Start, DeliveryStatus.Pending), read.Version!, Ct));
    }

    [Fact]
    public async Task ListAsync_ByStatusAndCursor_OnlyTheSubscriptionsNewestFirstInOneQueryPerPage()
    {
        var subscriptionId = NewSubscriptionId();
        var records = Enumerable.Range(0, 5)
            .Select(i => New(subscriptionId, Start.AddMinutes(i), i % 2 == 0 ? DeliveryStatus.Failed : DeliveryStatus.Succeeded))
            .ToList();
        foreach (var record in records)
        {
            await Store.SaveAsync(record, Ct);
        }

        await Store.SaveAsync(New(NewSubscriptionId(), Start, DeliveryStatus.Failed), Ct);

        IReadOnlyList<DeliveryRecord> first = [];
        var sent = await fixture.Counter.CountAsync(async () => first = await Store.ListAsync(subscriptionId, null, null, 3, Ct));
        var rest = await Store.ListAsync(subscriptionId, null, first[^1].SortKey, 3, Ct);
        var failed = await Store.ListAsync(subscriptionId, DeliveryStatus.Failed, null, 10, Ct);

        Assert.Single(sent);
        Assert.Equal(records.Select(r => r.Id).Reverse(), first.Concat(rest).Select(r => r.Id));
        Assert.Equal([records[4].Id, records[2].Id, records[0].Id], failed.Select(r => r.Id));
    }

    [Fact]
    public async Task SubscriptionHealth_FailingSinceAndDisable_OnePatchEachOnlyDisableChangesTheVersion()
    {
        var subscriptions = fixture.Services.GetRequiredService<ISubscriptionStore>();
        var subscription = new Subscription
        {
            Id = NewSubscriptionId(),
            OwnerId = "owner-" + Guid.NewGuid().ToString("N")[..8],
            Url = "https://hooks.example.com/in",
            Filter = new SubscriptionFilter { City = "austin" },
            Secret = "whsec_" + Convert.ToBase64String(new byte[32]),
            Version = "v1",
            CreatedAt = Start,
            UpdatedAt = Start,
        };
        await subscriptions.TryCreateAsync(subscription, Ct);

        var marked = await fixture.Counter.CountAsync(() => subscriptions.SetFailingSinceAsync(subscription.Id, Start.AddHours(1), Ct));
        var failing = await subscriptions.FindAsync(subscription.Id, Ct);
        var disabled = subscription with { Status = SubscriptionStatus.Disabled, DisabledAt = Start.AddDays(1), DisabledReason = "Every delivery failed.", Version = "v2" };
        var stale = await subscriptions.DisableAsync(disabled, "v0", Ct);
        var written = await subscriptions.DisableAsync(disabled, "v1", Ct);
        var found = await subscriptions.FindAsync(subscription.Id, Ct);

        Assert.Single(marked);
        Assert.Equal((Start.AddHours(1), "v1"), (failing!.FailingSince, failing.Version));
        Assert.Equal((Core.Sensors.StoreWriteStatus.ConditionFailed, Core.Sensors.StoreWriteStatus.Written), (stale, written));
        Assert.Equal((SubscriptionStatus.Disabled, Start.AddDays(1), "Every delivery failed.", "v2"), (found!.Status, found.DisabledAt, found.DisabledReason, found.Version));
        Assert.Equal(Start.AddHours(1), found.FailingSince);
    }

    private static DeliveryRecord New(string subscriptionId, DateTimeOffset createdAt, DeliveryStatus status) => new()
    {
        Id = NewId(),
        SubscriptionId = subscriptionId,
        EventType = "reading.created",
        SensorId = "austin.lamar.air_quality",
        ReadingId = "r-1",
        Status = status,
        Attempts = 1,
        RecentAttempts = [new DeliveryAttempt(createdAt, 503, 12.5, "The receiver answered 503.")],
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    private static string NewId() => "msg_" + Guid.NewGuid().ToString("N");

    private static string NewSubscriptionId() => "sub_" + Guid.NewGuid().ToString("N");
}
