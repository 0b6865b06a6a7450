using System.Net;
using CitySense.Core.Access;
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

public sealed class SubscriptionServiceTests
{
    private const string Target = "https://93.184.216.34/hooks/citysense";

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Now);
    private readonly InMemorySubscriptionStore store = new();
    private readonly IHostAddressResolver resolver = Substitute.For<IHostAddressResolver>();
    private readonly SubscriptionService service;

    public SubscriptionServiceTests()
    {
        var options = Options.Create(new WebhookOptions { MaxSubscriptionsPerCaller = 3 });
        service = new SubscriptionService(store, new SubscriptionSnapshot(store, clock, options, NullLogger<SubscriptionSnapshot>.Instance), new WebhookTargetGuard(resolver, options), clock, options, NullLogger<SubscriptionService>.Instance);
    }

    [Fact]
    public async Task CreateAsync_ValidDraft_StoredForTheCallerWithAStandardWebhooksSecret()
    {
        var outcome = await service.CreateAsync(TestCallers.Public, Draft(), CancellationToken.None);

        var created = outcome.Value!;
        var stored = Assert.Single(store.All);
        Assert.Equal(created, stored);
        Assert.Equal(TestCallers.Public.Id, stored.OwnerId);
        Assert.Matches("^sub_[0-9a-f]{32}$", stored.Id);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", stored.Secret);
        Assert.Equal(32, Convert.FromBase64String(stored.Secret["whsec_".Length..]).Length);
        Assert.Equal(Target, stored.Url);
        Assert.Equal(("austin", ConditionMatch.Any), (stored.Filter.City, stored.Filter.Match));
        Assert.Equal((new Coordinates(30.2672, -97.7431), 2000d), (stored.Filter.Near, stored.Filter.RadiusMeters));
        Assert.Equal(new PayloadCondition("pm25", ConditionOperator.Gt, 35), Assert.Single(stored.Filter.Conditions));
    }

    [Fact]
    public async Task CreateAsync_CallerAtTheLimit_RefusedWithSubscriptionLimitAndNothingStored()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await service.CreateAsync(TestCallers.Public, Draft(), CancellationToken.None)).Succeeded);
        }

        var refused = await service.CreateAsync(TestCallers.Public, Draft(), CancellationToken.None);
        var otherCaller = await service.CreateAsync(TestCallers.Operator(), Draft(), CancellationToken.None);

        Assert.Equal(ProblemKind.SubscriptionLimit, refused.Problem!.Kind);
        Assert.True(otherCaller.Succeeded);
        Assert.Equal(4, store.All.Count);
    }

    public static TheoryData<SubscriptionFilterDraft?, string, string> InvalidFilters => new()
    {
        { null, "filter", "is required" },
        { new SubscriptionFilterDraft(), "filter", "must have at least one of" },
        { new SubscriptionFilterDraft { SensorIds = [.. Enumerable.Range(0, 101).Select(i => $"austin.l{i}.weather")] }, "filter.sensorIds", "must have 1 to 100 sensor ids (had 101)" },
        { new SubscriptionFilterDraft { SensorIds = [] }, "filter.sensorIds", "must have 1 to 100" },
        { new SubscriptionFilterDraft { SensorIds = ["Austin.x.weather"] }, "filter.sensorIds[0]", "must be {city}.{location}.{type}" },
        { new SubscriptionFilterDraft { City = "Austin" }, "filter.city", "must be 1-64 characters" },
        { new SubscriptionFilterDraft { Type = "air quality" }, "filter.type", "must be 1-64 characters" },
        { new SubscriptionFilterDraft { Near = new NearDraft { Lat = 30, Lon = -97 } }, "filter.near.radius", "is required: must be a number of metres" },
        { new SubscriptionFilterDraft { Near = new NearDraft { Lat = 30, Radius = 100 } }, "filter.near.lon", "is required" },
        { new SubscriptionFilterDraft { Near = new NearDraft { Lat = 30, Lon = -97, Radius = 50_001 } }, "filter.near.radius", "must be a number of metres greater than 0 and at most 50000" },
        { new SubscriptionFilterDraft { Near = new NearDraft { Lat = 30, Lon = -97, Radius = 0 } }, "filter.near.radius", "must be a number of metres greater than 0" },
        { new SubscriptionFilterDraft { Near = new NearDraft { Lat = 91, Lon = -97, Radius = 100 } }, "filter.near.lat", "must be a number between -90 and 90" },
        { new SubscriptionFilterDraft { Conditions = [.. Enumerable.Range(0, 6).Select(_ => new PayloadConditionDraft { Field = "pm25", Op = "gt", Value = 1 })] }, "filter.conditions", "must have at most 5 conditions (had 6)" },
        { new SubscriptionFilterDraft { Conditions = [new PayloadConditionDraft { Field = "pm25", Op = "above", Value = 1 }] }, "filter.conditions[0].op", "must be one of gt, gte, lt, lte, eq, ne" },
        { new SubscriptionFilterDraft { Conditions = [new PayloadConditionDraft { Field = "a..b", Op = "gt", Value = 1 }] }, "filter.conditions[0].field", "must be a payload field name" },
        { new SubscriptionFilterDraft { Conditions = [new PayloadConditionDraft { Field = "pm25", Op = "gt" }] }, "filter.conditions[0].value", "is required: a finite number" },
        { new SubscriptionFilterDraft { City = "austin", Match = "some" }, "filter.match", "must be all or any" },
    };

    [Theory]
    [MemberData(nameof(InvalidFilters))]
    public async Task CreateAsync_InvalidFilter_RefusedNamingTheFieldAndRuleWithoutResolvingTheTarget(SubscriptionFilterDraft? filter, string field, string rule)
    {
        var outcome = await service.CreateAsync(TestCallers.Public, new SubscriptionDraft { Url = "https://hooks.example.org/", Filter = filter }, CancellationToken.None);

        Assert.Equal(ProblemKind.Validation, outcome.Problem!.Kind);
        Assert.StartsWith(rule, Assert.Single(outcome.Problem.Errors![field]), StringComparison.Ordinal);
        Assert.Empty(store.All);
        await resolver.DidNotReceiveWithAnyArgs().ResolveAsync(default!, default);
    }

    [Fact]
    public async Task CreateAsync_TargetResolvingToPrivateAddress_RefusedNamingUrl()
    {
        resolver.ResolveAsync("internal.example.org", Arg.Any<CancellationToken>()).Returns([IPAddress.Parse("10.1.2.3")]);

        var outcome = await service.CreateAsync(TestCallers.Public, Draft() with { Url = "https://internal.example.org/hook" }, CancellationToken.None);

        Assert.Contains("10.1.2.3 is private", Assert.Single(outcome.Problem!.Errors!["url"]), StringComparison.Ordinal);
        Assert.Empty(store.All);
    }

    [Fact]
    public async Task GetAsync_AnotherCallersSubscription_NotFoundForThemButVisibleToAdmins()
    {
        var created = (await service.CreateAsync(TestCallers.Operator("owner"), Draft(), CancellationToken.None)).Value!;

        var other = await service.GetAsync(TestCallers.Operator("someone-else"), created.Id, CancellationToken.None);
        var owner = await service.GetAsync(TestCallers.Operator("owner"), created.Id, CancellationToken.None);
        var admin = await service.GetAsync(TestCallers.Admin, created.Id, CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, other.Problem!.Kind);
        Assert.Equal(created, owner.Value);
        Assert.Equal(created, admin.Value);
    }

    [Fact]
    public async Task ListAsync_CallersSeeTheirOwnInPagesAdminsSeeAll()
    {
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await service.CreateAsync(TestCallers.Operator("mine"), Draft(), CancellationToken.None)).Value!.Id);
        }

        await service.CreateAsync(TestCallers.Operator("theirs"), Draft(), CancellationToken.None);

        var first = (await service.ListAsync(TestCallers.Operator("mine"), 2, null, CancellationToken.None)).Value!;
        var second = (await service.ListAsync(TestCallers.Operator("mine"), 2, first.NextCursor, CancellationToken.None)).Value!;
        var all = (await service.ListAsync(TestCallers.Admin, 10, null, CancellationToken.None)).Value!;

        Assert.Equal(mine.Order(StringComparer.Ordinal), first.Items.Concat(second.Items).Select(s => s.Id));
        Assert.NotNull(first.NextCursor);
        Assert.Null(second.NextCursor);
        Assert.Equal(4, all.Items.Count);
    }

    [Fact]
    public async Task ListAsync_ForeignCursor_RefusedNamingCursor()
    {
        var outcome = await service.ListAsync(TestCallers.Public, 10, "bm90LWEtY3Vyc29y", CancellationToken.None);

        Assert.Equal(["cursor"], outcome.Problem!.Errors!.Keys);
    }

    [Fact]
    public async Task ReplaceAsync_StaleETag_412AndNothingChanges()
    {
        var created = (await service.CreateAsync(TestCallers.Public, Draft(), CancellationToken.None)).Value!;
        var replaced = await service.ReplaceAsync(TestCallers.Public, created.Id, Draft() with { Description = "first" }, [created.Version], CancellationToken.None);

        var stale = await service.ReplaceAsync(TestCallers.Public, created.Id, Draft() with { Description = "second" }, [created.Version], CancellationToken.None);

        Assert.Equal("first", replaced.Value!.Description);
        Assert.Equal(created.Secret, replaced.Value.Secret);
        Assert.NotEqual(created.Version, replaced.Value.Version);
        Assert.Equal(ProblemKind.PreconditionFailed, stale.Problem!.Kind);
        Assert.Equal("first", Assert.Single(store.All).Description);
    }

    [Fact]
    public async Task ReplaceAsync_AnotherCallersSubscription_NotFoundAndUnchanged()
    {
        var created = (await service.CreateAsync(TestCallers.Operator("owner"), Draft(), CancellationToken.None)).Value!;

        var outcome = await service.ReplaceAsync(TestCallers.Public, created.Id, Draft() with { Description = "taken over" }, null, CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, outcome.Problem!.Kind);
        Assert.Equal(created, Assert.Single(store.All));
    }

    [Fact]
    public async Task RotateSecretAsync_BothSecretsSignForTheGracePeriodThenOnlyTheNewOne()
    {
        var created = (await service.CreateAsync(TestCallers.Public, Draft(), CancellationToken.None)).Value!;

        var rotated = (await service.RotateSecretAsync(TestCallers.Public, created.Id, CancellationToken.None)).Value!;

        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.Equal(Now.AddHours(24), rotated.PreviousSecretExpiresAt);
        Assert.Equal([rotated.Secret, created.Secret], rotated.SigningSecrets(Now.AddHours(23)));
        Assert.Equal([rotated.Secret], rotated.SigningSecrets(Now.AddHours(24)));
        Assert.Equal(rotated, Assert.Single(store.All));
    }

    [Fact]
    public async Task DeleteAsync_OwnerWithCurrentETag_RemovedOthersGet404()
    {
        var created = (await service.CreateAsync(TestCallers.Operator("owner"), Draft(), CancellationToken.None)).Value!;

        var stranger = await service.DeleteAsync(TestCallers.Public, created.Id, null, CancellationToken.None);
        var stale = await service.DeleteAsync(TestCallers.Operator("owner"), created.Id, ["other"], CancellationToken.None);
        Assert.Single(store.All);
        var deleted = await service.DeleteAsync(TestCallers.Operator("owner"), created.Id, [created.Version], CancellationToken.None);

        Assert.Equal(ProblemKind.NotFound, stranger.Problem!.Kind);
        Assert.Equal(ProblemKind.PreconditionFailed, stale.Problem!.Kind);
        Assert.True(deleted.Succeeded);
        Assert.Empty(store.All);
    }

    private static SubscriptionDraft Draft() => new()
    {
        Url = Target,
        Filter = new SubscriptionFilterDraft
        {
            City = "austin",
            Near = new NearDraft { Lat = 30.2672, Lon = -97.7431, Radius = 2000 },
            Conditions = [new PayloadConditionDraft { Field = "pm25", Op = "gt", Value = 35 }],
            Match = "any",
        },
    };
}
