using CitySense.Benchmarks.RoundTrips;

namespace CitySense.Benchmarks.Tests;

public sealed class RoundTripTableTests
{
    [Fact]
    public void Describe_FewRequests_InOrder()
    {
        Assert.Equal("patch → create", RoundTripTable.Describe(["Patch Document", "Create Document"]));
    }

    [Fact]
    public void Describe_ManyRequests_CountedByKind()
    {
        var sent = Enumerable.Repeat("Patch Document", 10).Concat(Enumerable.Repeat("Create Document", 500)).ToList();

        Assert.Equal("10 × patch, 500 × create", RoundTripTable.Describe(sent));
    }

    [Fact]
    public void Render_MissedRow_MarkedNoInBold()
    {
        var table = RoundTripTable.Render([new RoundTripRow("latest", "10", ["Read Document", "Query Document"], "exactly 1 point read", false)]);

        Assert.Contains("| latest | 10 | 2 | read → query | exactly 1 point read | **no** |", table.Split('\n'));
    }
}
