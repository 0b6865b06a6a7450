using CitySense.Core.Access;
using CitySense.Core.Problems;
using CitySense.Testing.Stores;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Access;

public sealed class AccessPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly InMemoryGrantStore grants = new();
    private readonly AccessPolicy policy;

    public AccessPolicyTests() => policy = new AccessPolicy(grants);

    [Fact]
    public async Task ForWritesAsync_Admin_EverywhereWithoutReadingAGrant()
    {
        var access = await policy.ForWritesAsync(TestCallers.Admin, CancellationToken.None);

        Assert.True(access.Value!.IsEverywhere);
        Assert.Empty(grants.Calls);
    }

    [Fact]
    public async Task ForWritesAsync_Public_ForbiddenNamingTheProductWithoutReadingAGrant()
    {
        var access = await policy.ForWritesAsync(TestCallers.Public, CancellationToken.None);

        Assert.Equal(ProblemKind.Forbidden, access.Problem?.Kind);
        Assert.Contains("public", access.Problem!.Detail, StringComparison.Ordinal);
        Assert.Empty(grants.Calls);
    }

    [Fact]
    public async Task ForWritesAsync_OperatorGrantedHouston_HoustonOnlyAfterOneRead()
    {
        var caller = TestCallers.Operator("op-" + Guid.NewGuid().ToString("N")[..8]);
        grants.Add(Grant(caller.Id, "houston"));

        var access = (await policy.ForWritesAsync(caller, CancellationToken.None)).Value!;

        Assert.True(access.Allows("houston"));
        Assert.False(access.Allows("chicago"));
        Assert.Equal(ProblemKind.CityForbidden, access.Check("chicago")?.Kind);
        Assert.Contains("chicago", access.Check("chicago")!.Detail, StringComparison.Ordinal);
        Assert.Equal(["Find"], grants.Calls);
    }

    [Fact]
    public async Task ForWritesAsync_OperatorWithoutGrant_NoCity()
    {
        var access = (await policy.ForWritesAsync(TestCallers.Operator("nobody"), CancellationToken.None)).Value!;

        Assert.False(access.Allows("houston"));
    }

    [Fact]
    public async Task ForCallerIdsAsync_Public_NowhereWithoutARead()
    {
        var access = await policy.ForCallerIdsAsync(TestCallers.Public, CancellationToken.None);

        Assert.False(access.Allows("houston"));
        Assert.Empty(grants.Calls);
    }

    [Theory]
    [InlineData(CallerProduct.Public)]
    [InlineData(CallerProduct.Operator)]
    public void RequireAdmin_NotAdmin_Forbidden(CallerProduct product)
    {
        var outcome = AccessPolicy.RequireAdmin(new Caller("someone", product));

        Assert.Equal(ProblemKind.Forbidden, outcome.Problem?.Kind);
    }

    internal static Grant Grant(string callerId, params string[] cities) => new()
    {
        CallerId = callerId,
        Name = "City IT",
        Cities = cities,
        Version = TestSensors.NewToken(),
        CreatedAt = Now,
        UpdatedAt = Now,
        CreatedBy = "admin-sub",
        UpdatedBy = "admin-sub",
    };
}
