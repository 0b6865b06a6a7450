using CitySense.Core.Problems;
using CitySense.Core.Subscriptions;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Functions.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CitySense.UnitTests.Subscriptions;

/// <summary>
/// Ingest matches readings against the snapshot: it must read the store once per refresh period at most, never make a
/// reading wait for a routine refresh, and never miss a change made through its own instance.
/// </summary>
public sealed class SubscriptionSnapshotTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemorySubscriptionStore stored = new();
    private readonly ISubscriptionStore store = Substitute.For<ISubscriptionStore>();
    private readonly SubscriptionSnapshot snapshot;

    public SubscriptionSnapshotTests()
    {
        store.ListAsync(Arg.Is<string?>(owner => owner == null), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(call => stored.ListAsync(null, call.ArgAt<string?>(1), call.ArgAt<int>(2), CancellationToken.None));
        snapshot = new SubscriptionSnapshot(store, clock, Options.Create(new WebhookOptions { SubscriptionRefresh = Refresh }), NullLogger<SubscriptionSnapshot>.Instance);
    }

    [Fact]
    public async Task MatchingAsync_WithinARefreshPeriod_ReadsTheStoreOnceAndMatchesEveryFilter()
    {
        var austin = await AddAsync(new SubscriptionFilter { City = "austin" });
        await AddAsync(new SubscriptionFilter { City = "houston" });
        var pm25 = await AddAsync(new SubscriptionFilter { Conditions = [new PayloadCondition("pm25", ConditionOperator.Gt, 35)] });

        var first = await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None);
        clock.Advance(Refresh - TimeSpan.FromSeconds(1));
        var second = await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None);

        Assert.Equal(new[] { austin, pm25 }.Order(StringComparer.Ordinal), first);
        Assert.Equal(first, second);
        await store.ReceivedWithAnyArgs(1).ListAsync(default, default, default, default);
    }

    [Fact]
    public async Task MatchingAsync_NoSubscriptionMatches_Empty()
    {
        await AddAsync(new SubscriptionFilter { City = "houston" });

        Assert.Empty(await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None));
    }

    [Fact]
    public async Task MatchingAsync_AfterInvalidate_WaitsForASnapshotWithTheChange()
    {
        Assert.Empty(await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None));

        var added = await AddAsync(new SubscriptionFilter { City = "austin" });
        snapshot.Invalidate();

        Assert.Equal([added], await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None));
    }

    [Fact]
    public async Task MatchingAsync_InvalidatedWhileALoadRuns_DoesNotTrustThatLoad()
    {
        var release = new TaskCompletionSource();
        var calls = 0;
        store.ListAsync(Arg.Is<string?>(owner => owner == null), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                var page = await stored.ListAsync(null, call.ArgAt<string?>(1), call.ArgAt<int>(2), CancellationToken.None);
                if (Interlocked.Increment(ref calls) == 1)
                {
                    await release.Task;
                }

                return page;
            });

        var before = snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None).AsTask();
        while (Volatile.Read(ref calls) == 0)
        {
            await Task.Delay(1);
        }

        var added = await AddAsync(new SubscriptionFilter { City = "austin" });
        snapshot.Invalidate();
        var after = snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None).AsTask();
        release.SetResult();

        Assert.Empty(await before);
        Assert.Equal([added], await after);
    }

    [Fact]
    public async Task MatchingAsync_OlderThanTheRefreshPeriod_AnswersAtOnceAndRefreshesInTheBackground()
    {
        await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None);
        var added = await AddAsync(new SubscriptionFilter { City = "austin" });
        clock.Advance(Refresh);

        var stale = await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None);
        var fresh = await EventuallyAsync(() => snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None).AsTask(), ids => ids.Count == 1);

        Assert.Empty(stale);
        Assert.Equal([added], fresh);
        await store.ReceivedWithAnyArgs(2).ListAsync(default, default, default, default);
    }

    [Fact]
    public async Task MatchingAsync_RefreshesFailingForFourPeriods_TheStoreFailureReachesTheCaller()
    {
        await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None);
        store.ListAsync(Arg.Is<string?>(owner => owner == null), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new StoreUnavailableException("down"));

        clock.Advance(Refresh);
        Assert.Empty(await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None));
        clock.Advance(Refresh * 3);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task MatchingAsync_FirstLoadFails_TheStoreFailureReachesTheCaller()
    {
        store.ListAsync(Arg.Is<string?>(owner => owner == null), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new StoreUnavailableException("down"));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task MatchingAsync_MoreSubscriptionsThanAPage_ReadsEveryPage()
    {
        var ids = new List<string>();
        for (var i = 0; i < 501; i++)
        {
            ids.Add(await AddAsync(new SubscriptionFilter { City = "austin" }));
        }

        var matching = await snapshot.MatchingAsync(TestSubscriptions.Reading(), CancellationToken.None);

        Assert.Equal(ids.Order(StringComparer.Ordinal), matching);
    }

    private async Task<string> AddAsync(SubscriptionFilter filter)
    {
        var subscription = TestSubscriptions.To("https://93.184.216.34/hook") with { Filter = filter };
        Assert.True(await stored.TryCreateAsync(subscription, CancellationToken.None));
        return subscription.Id;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(10);
        }

        return await read();
    }
}
