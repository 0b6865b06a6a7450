using System.Security.Cryptography;
using CitySense.Core.Access;
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
        var changed = subscription with
        {
            Url = "https://93.184.216.34/other",
            Description = "changed",
            Filter = new SubscriptionFilter { Type = "weather" },
            Secret = "whsec_" + Convert.ToBase64String(new byte[32]),
            PreviousSecret = subscription.Secret,
            PreviousSecretExpiresAt = subscription.CreatedAt.AddDays(1),
            Version = "v2",
            UpdatedAt = subscription.CreatedAt.AddHours(1),
        };

        Assert.Equal(StoreWriteStatus.ConditionFailed, await Store.ReplaceAsync(changed, "not-it", Ct));
        var sent = await fixture.Counter.CountAsync(async () => Assert.Equal(StoreWriteStatus.Written, await Store.ReplaceAsync(changed, subscription.Version, Ct)));
        Assert.Equal(StoreWriteStatus.NotFound, await Store.ReplaceAsync(New(NewOwner()), "v1", Ct));
        Assert.Single(sent);
        Assert.Equivalent(changed, await Store.FindAsync(subscription.Id, Ct), strict: true);
        var undescribed = changed with { Description = null, PreviousSecret = null, PreviousSecretExpiresAt = null, Version = "v3" };
        Assert.Equal(StoreWriteStatus.Written, await Store.ReplaceAsync(undescribed, "v2", Ct));
        Assert.Equivalent(undescribed, await Store.FindAsync(subscription.Id, Ct), strict: true);
        Assert.Equal(StoreWriteStatus.ConditionFailed, await Store.DeleteAsync(subscription.Id, subscription.Version, Ct));
        Assert.Equal(StoreWriteStatus.Written, await Store.DeleteAsync(subscription.Id, "v3", Ct));
        Assert.Equal(StoreWriteStatus.NotFound, await Store.DeleteAsync(subscription.Id, "v3", Ct));
        Assert.Null(await Store.FindAsync(subscription.Id, Ct));
    }

    /// <summary>What each operation of the API costs in Cosmos requests (docs/data-model.md says the same).</summary>
    [Fact]
    public async Task SubscriptionService_EachOperation_CostsTheRoundTripsDocumented()
    {
        var service = fixture.Services.GetRequiredService<SubscriptionService>();
        var caller = new Caller(NewOwner(), CallerProduct.Public);
        var draft = new SubscriptionDraft { Url = "https://93.184.216.34/hook", Filter = new SubscriptionFilterDraft { City = "austin" } };
        Subscription? subscription = null;

        var created = await fixture.Counter.CountAsync(async () => subscription = (await service.CreateAsync(caller, draft, Ct)).Value);
        var read = await fixture.Counter.CountAsync(() => service.GetAsync(caller, subscription!.Id, Ct));
        var replaced = await fixture.Counter.CountAsync(() => service.ReplaceAsync(caller, subscription!.Id, draft with { Description = "x" }, null, Ct));
        var rotated = await fixture.Counter.CountAsync(() => service.RotateSecretAsync(caller, subscription!.Id, Ct));
        var deleted = await fixture.Counter.CountAsync(async () => Assert.True((await service.DeleteAsync(caller, subscription!.Id, null, Ct)).Succeeded));

        Assert.Equal(["Query Document", "Create Document"], created);
        Assert.Equal(["Read Document"], read);
        Assert.Equal(["Read Document", "Patch Document"], replaced);
        Assert.Equal(["Read Document", "Patch Document"], rotated);
        Assert.Equal(["Read Document", "Read Document", "Delete Document"], deleted);
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
