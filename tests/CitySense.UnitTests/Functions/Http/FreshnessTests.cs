using CitySense.Functions.Http;

namespace CitySense.UnitTests.Functions.Http;

public sealed class FreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ForHistory_OpenRange_Recent()
    {
        Assert.Equal(Freshness.RecentHistory, Freshness.ForHistory(null, Now));
    }

    [Fact]
    public void ForHistory_EndingInTheFuture_Recent()
    {
        Assert.Equal(Freshness.RecentHistory, Freshness.ForHistory(Now.AddDays(1), Now));
    }

    [Fact]
    public void ForHistory_EndingExactlyTheRecentWindowAgo_StillRecent()
    {
        Assert.Equal(Freshness.RecentHistory, Freshness.ForHistory(Now - Freshness.RecentWindow, Now));
    }

    [Fact]
    public void ForHistory_EndingBeforeTheRecentWindow_Past()
    {
        Assert.Equal(Freshness.PastHistory, Freshness.ForHistory(Now - Freshness.RecentWindow - TimeSpan.FromTicks(1), Now));
    }

    [Fact]
    public void PastHistory_LongerThanRecent_ButNeverImmutable()
    {
        Assert.True(Freshness.PastHistory.MaxAge > Freshness.RecentHistory.MaxAge);
        Assert.True(Freshness.PastHistory.MaxAge <= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void NoneAndRevalidate_HaveNoMaxAge()
    {
        Assert.Null(Freshness.None.MaxAge);
        Assert.False(Freshness.None.Storable);
        Assert.Null(Freshness.Revalidate.MaxAge);
        Assert.True(Freshness.Revalidate.Storable);
    }
}
