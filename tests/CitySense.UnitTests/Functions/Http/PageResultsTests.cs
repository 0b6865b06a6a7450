using System.Text.Json;
using CitySense.Core.Paging;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace CitySense.UnitTests.Functions.Http;

public sealed class PageResultsTests
{
    [Fact]
    public void Page_NextCursor_AddsLinkKeepingTheOtherQueryParameters()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?city=houston&limit=2&cursor=old");
        context.Request.PathBase = "/citysense";

        var result = PageResults.Page(new Page<string>(["a", "b"], "bmV4dA"), item => item, context.Request);

        Assert.Equal(200, result.Result.StatusCode);
        var link = result.Header("Link");
        Assert.NotNull(link);
        Assert.StartsWith("</citysense/api/sensors?", link, StringComparison.Ordinal);
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        var query = LinkQuery(link);
        Assert.Equal("houston", query["city"]);
        Assert.Equal("2", query["limit"]);
        Assert.Equal("bmV4dA", Assert.Single(query["cursor"]));
    }

    [Fact]
    public void Page_CursorNeedingEscapes_IsUrlEncodedInTheLink()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?type=air%20quality");

        var result = PageResults.Page(new Page<string>([], "a+b/c="), item => item, context.Request);

        var query = LinkQuery(result.Header("Link")!);
        Assert.Equal("a+b/c=", query["cursor"]);
        Assert.Equal("air quality", query["type"]);
    }

    [Fact]
    public void Page_CursorParameterInAnotherCase_IsReplacedNotRepeated()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?Cursor=old&limit=1");

        var result = PageResults.Page(new Page<string>(["a"], "new"), item => item, context.Request);

        var query = LinkQuery(result.Header("Link")!);
        Assert.Equal("new", Assert.Single(query["cursor"]));
        Assert.Equal(2, query.Count);
    }

    [Fact]
    public void Page_Items_AreConvertedInOrderWithTheNextCursor()
    {
        var context = HttpTestContext.Create(path: "/api/sensors");

        var result = PageResults.Page(new Page<int>([3, 1, 2], "next"), item => item * 10, context.Request);

        Assert.Equal([30, 10, 20], result.Result.Value!.Items);
        Assert.Equal("next", result.Result.Value.NextCursor);
    }

    [Fact]
    public void Page_LastPage_HasNoLink()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?cursor=old");

        var result = PageResults.Page(new Page<string>(["a"], null), item => item, context.Request);

        Assert.Null(result.Header("Link"));
        Assert.Empty(result.Headers);
        Assert.Null(result.Result.Value!.NextCursor);
    }

    // The bytes on the wire are the point: clients read "nextCursor": null to know the listing has ended.
    [Fact]
    public async Task Page_LastPage_WritesANullNextCursorAndNoLink()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?cursor=old");

        var response = await HttpTestContext.ExecuteAsync(PageResults.Page(new Page<string>(["a"], null), item => item, context.Request), context);

        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.Header("Link"));
        Assert.Equal(JsonValueKind.Null, response.Json.GetProperty("nextCursor").ValueKind);
        Assert.Equal("a", response.Json.GetProperty("items")[0].GetString());
    }

    [Fact]
    public async Task Page_NextCursor_WritesTheLinkHeader()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?limit=1");

        var response = await HttpTestContext.ExecuteAsync(PageResults.Page(new Page<string>(["a"], "bmV4dA"), item => item, context.Request), context);

        Assert.Equal("</api/sensors?limit=1&cursor=bmV4dA>; rel=\"next\"", response.Header("Link"));
        Assert.Equal("bmV4dA", response.Json.GetProperty("nextCursor").GetString());
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> LinkQuery(string link) =>
        QueryHelpers.ParseQuery(link[link.IndexOf('?', StringComparison.Ordinal)..link.IndexOf('>', StringComparison.Ordinal)]);
}
