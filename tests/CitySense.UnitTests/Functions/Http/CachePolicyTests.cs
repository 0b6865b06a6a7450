using CitySense.Functions.Http;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Functions.Http;

public sealed class CachePolicyTests
{
    public static TheoryData<string, string> PublicValues => new()
    {
        { nameof(Freshness.Latest), "public, max-age=5" },
        { nameof(Freshness.RecentHistory), "public, max-age=5" },
        { nameof(Freshness.PastHistory), "public, max-age=60" },
        { nameof(Freshness.Listing), "public, max-age=30" },
        { nameof(Freshness.Revalidate), "public, no-cache" },
        { nameof(Freshness.None), "no-store" },
    };

    [Theory]
    [MemberData(nameof(PublicValues))]
    public void CacheControl_NoProduct_PublicWithTheRoutesFreshness(string freshness, string expected)
    {
        var request = HttpTestContext.Create().Request;
        request.Headers.Remove(CachePolicy.ProductHeader);

        Assert.Equal(expected, CachePolicy.CacheControl(request, Named(freshness)));
    }

    [Theory]
    [MemberData(nameof(PublicValues))]
    public void CacheControl_PublicProduct_SameAsWithoutOne(string freshness, string expected)
    {
        var request = HttpTestContext.Create().Request;
        request.Headers[CachePolicy.ProductHeader] = "public";

        Assert.Equal(expected, CachePolicy.CacheControl(request, Named(freshness)));
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("admin")]
    [InlineData("Public")]
    [InlineData("")]
    public void CacheControl_AnyOtherProduct_PrivateWithTheSameFreshness(string product)
    {
        var request = HttpTestContext.Create().Request;
        request.Headers[CachePolicy.ProductHeader] = product;

        Assert.False(CachePolicy.MayBeShared(request));
        Assert.Equal("private, max-age=5", CachePolicy.CacheControl(request, Freshness.Latest));
        Assert.Equal("private, max-age=30", CachePolicy.CacheControl(request, Freshness.Listing));
        Assert.Equal("private, no-cache", CachePolicy.CacheControl(request, Freshness.Revalidate));
        Assert.Equal("no-store", CachePolicy.CacheControl(request, Freshness.None));
    }

    [Fact]
    public void CacheControl_ProductHeaderRepeated_Private()
    {
        var request = HttpTestContext.Create().Request;
        request.Headers[CachePolicy.ProductHeader] = new(["public", "operator"]);

        Assert.Equal("private, max-age=5", CachePolicy.CacheControl(request, Freshness.Latest));
    }

    private static Freshness Named(string name) =>
        (Freshness)typeof(Freshness).GetProperty(name)!.GetValue(null)!;
}
