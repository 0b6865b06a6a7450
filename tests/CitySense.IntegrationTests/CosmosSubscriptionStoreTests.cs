using System.Security.Cryptography;
using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.IntegrationTests;

/// <summary>The Cosmos adapter of subscriptions against the test account: what is stored, listed, counted, and the conditional writes.</summary>
public sealed class CosmosSubscriptionStoreTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private ISubscriptionStore Store => fixture.Services.GetRequiredService<ISubscriptionStore>();

    [Fact]
    public async Task TryCreateAsync_NewSubscription_ReadBackWholeInOnePointReadAndRefusedTwice()
    {
        var subscription = New(NewOwner()) with
        {
            Description = "PM2.5 near the school",
            PreviousSecret = "whsec_" + Convert.ToBase64String(new byte[32]),
            PreviousSecretExpiresAt = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero),
        };

        Assert.True(await Store.TryCreateAsync(subscription, Ct));
        Assert.False(await Store.TryCreateAsync(subscription, Ct));
        Subscription? found = null;
        var sent = await fixture.Counter.CountAsync(async () => found = await Store.FindAsync(subscription.Id, Ct));

        Assert.Equal(["Read Document"], sent);
        Assert.Equivalent(subscription, found, strict: true);
        Assert.Null(await Store.FindAsync(NewId(), Ct));
    }

    [Fact]
    public async Task ListAsync_ByOwner_OnlyTheirsInIdOrderFromTheCursorAndCountedInOneQuery()
    {
        var owner = NewOwner();
        var theirs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var subscription = New(owner);
            await Store.TryCreateAsync(subscription, Ct);
            theirs.Add(subscription.Id);
        }

        await Store.TryCreateAsync(New(NewOwner()), Ct);
        theirs.Sort(StringComparer.Ordinal);

        var first = await Store.ListAsync(owner, null, 2, Ct);
        var rest = await Store.ListAsync(owner, first[^1].Id, 2, Ct);
        var count = 0;
        var sent = await fixture.Counter.CountAsync(async () => count = await Store.CountAsync(owner, Ct));
        var everyone = await Store.ListAsync(null, null, 100, Ct);

        Assert.Equal(theirs, first.Concat(rest).Select(s => s.Id));
        Assert.Equal(3, count);
        Assert.Single(sent);
        Assert.True(everyone.Count >= 4);
        Assert.Equal(everyone.Select(s => s.Id).Order(StringComparer.Ordinal), everyone.Select(s => s.Id));
    }

    [Fact]
    public async Task ReplaceAndDelete_OnlyAtTheExpectedVersion()
    {
        var subscription = New(NewOwner());
        await Store.TryCreateAsync(subscription, Ct);
        var changed = subscription with { Url = "https://93.184.216.34/other", Version = "v2" };

        Assert.Equal(StoreWriteStatus.ConditionFailed, await Store.ReplaceAsync(changed, "not-it", Ct));
        Assert.Equal(StoreWriteStatus.Written, await Store.ReplaceAsync(changed, subscription.Version, Ct));
        Assert.Equal(StoreWriteStatus.NotFound, await Store.ReplaceAsync(New(NewOwner()), "v1", Ct));
        Assert.Equal("https://93.184.216.34/other", (await Store.FindAsync(subscription.Id, Ct))!.Url);
        Assert.Equal(StoreWriteStatus.ConditionFailed, await Store.DeleteAsync(subscription.Id, subscription.Version, Ct));
        Assert.Equal(StoreWriteStatus.Written, await Store.DeleteAsync(subscription.Id, "v2", Ct));
        Assert.Equal(StoreWriteStatus.NotFound, await Store.DeleteAsync(subscription.Id, "v2", Ct));
        Assert.Null(await Store.FindAsync(subscription.Id, Ct));
    }

    private static Subscription New(string owner) => new()
    {
        Id = NewId(),
        OwnerId = owner,
        Url = "https://93.184.216.34/hook",
        Filter = new SubscriptionFilter
        {
            SensorIds = ["austin.lamar_blvd.air_quality"],
            City = "austin",
            Type = "air_quality",
            Near = new Coordinates(30.2672, -97.7431),
            RadiusMeters = 2000,
            Conditions = [new PayloadCondition("pm25", ConditionOperator.Gt, 35), new PayloadCondition("wind.speed", ConditionOperator.Lte, 2.5)],
            Match = ConditionMatch.Any,
        },
        Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        Version = "v1",
        CreatedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static string NewId() => "sub_" + Guid.NewGuid().ToString("N");

    private static string NewOwner() => "owner-" + Guid.NewGuid().ToString("N")[..8];
}
