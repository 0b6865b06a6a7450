using CitySense.Core.Paging;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace CitySense.UnitTests.Functions.Http;

public sealed class ApiResultsTests
{
    [Fact]
    public async Task Page_NextCursor_AddsLinkKeepingTheOtherQueryParameters()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?city=houston&limit=2&cursor=old");
        context.Request.PathBase = "/citysense";
        var body = new PageResponse<string>(["a", "b"], "bmV4dA");

        var response = await HttpTestContext.ExecuteAsync(ApiResults.Page(body, "bmV4dA", context.Request), context);

        Assert.Equal(200, response.StatusCode);
        var link = response.Header("Link");
        Assert.NotNull(link);
        Assert.StartsWith("</citysense/api/sensors?", link, StringComparison.Ordinal);
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(link[link.IndexOf('?', StringComparison.Ordinal)..link.IndexOf('>', StringComparison.Ordinal)]);
        Assert.Equal("houston", query["city"]);
        Assert.Equal("2", query["limit"]);
        Assert.Equal("bmV4dA", Assert.Single(query["cursor"]));
    }

    [Fact]
    public async Task Page_CursorNeedingEscapes_IsUrlEncodedInTheLink()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?type=air%20quality");

        var response = await HttpTestContext.ExecuteAsync(ApiResults.Page(new PageResponse<string>([], "a+b/c="), "a+b/c=", context.Request), context);

        var link = response.Header("Link")!;
        var query = QueryHelpers.ParseQuery(link[link.IndexOf('?', StringComparison.Ordinal)..link.IndexOf('>', StringComparison.Ordinal)]);
        Assert.Equal("a+b/c=", query["cursor"]);
        Assert.Equal("air quality", query["type"]);
    }

    [Fact]
    public async Task Page_LastPage_HasNoLinkAndANullNextCursor()
    {
        var context = HttpTestContext.Create(path: "/api/sensors", query: "?cursor=old");

        var response = await HttpTestContext.ExecuteAsync(ApiResults.Page(new PageResponse<string>(["a"], null), null, context.Request), context);

        Assert.Null(response.Header("Link"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Json.GetProperty("nextCursor").ValueKind);
        Assert.Equal("a", response.Json.GetProperty("items")[0].GetString());
    }
}
