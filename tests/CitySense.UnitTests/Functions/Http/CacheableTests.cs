using System.Text;
using System.Text.Json.Serialization;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitySense.UnitTests.Functions.Http;

public sealed class CacheableTests
{
    [Fact]
    public async Task Ok_NoIfNoneMatch_200WithBodyETagAndCacheControl()
    {
        var context = HttpTestContext.Create();
        var body = new { id = "r-1", value = 1.5 };

        var result = CacheableResults.Ok(body, context.Request, Freshness.Latest);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.False(result.NotModified);
        Assert.Equal(200, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"id":"r-1","value":1.5}""", response.Body);
        Assert.Equal(ETags.ForJson(body), response.Header("ETag"));
        Assert.Equal(ETags.ForContent(Encoding.UTF8.GetBytes(response.Body)), response.Header("ETag"));
        Assert.Equal("public, max-age=5", response.Header("Cache-Control"));
        Assert.Null(response.Header("Vary"));
    }

    /// <summary>The tag is computed from the serialized body, and those bytes are what is sent: serialized once.</summary>
    [Fact]
    public async Task Validated_PageModified_BodySerializedOnceAndSentAsTagged()
    {
        var context = HttpTestContext.Create();
        var body = new CountingBody();
        var page = TypedResults.Ok(body).WithHeader("Link", "</next>; rel=\"next\"");

        var response = await HttpTestContext.ExecuteAsync(page.Validated(context.Request, Freshness.RecentHistory), context);

        Assert.Equal(1, body.Serialized);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"id":"r-1"}""", response.Body);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(ETags.ForContent(Encoding.UTF8.GetBytes(response.Body)), response.Header("ETag"));
        Assert.Equal("</next>; rel=\"next\"", response.Header("Link"));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"0000\", {0}")]
    [InlineData("*")]
    public async Task Ok_IfNoneMatchNamesTheTag_304WithHeadersAndNoBody(string ifNoneMatch)
    {
        var body = new { id = "r-1" };
        var context = HttpTestContext.Create();
        context.Request.Headers.IfNoneMatch = string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, ETags.ForJson(body));

        var result = CacheableResults.Ok(body, context.Request, Freshness.Listing);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.True(result.NotModified);
        Assert.Equal(304, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Equal(304, response.StatusCode);
        Assert.Empty(response.Body);
        Assert.Null(response.ContentType);
        Assert.Equal(ETags.ForJson(body), response.Header("ETag"));
        Assert.Equal("public, max-age=30", response.Header("Cache-Control"));
    }

    [Theory]
    [InlineData("\"0123456789abcdef0123456789abcdef\"")]
    [InlineData("not a tag")]
    public async Task Ok_IfNoneMatchNamesAnotherOrNoTag_200(string ifNoneMatch)
    {
        var context = HttpTestContext.Create();
        context.Request.Headers.IfNoneMatch = ifNoneMatch;

        var response = await HttpTestContext.ExecuteAsync(CacheableResults.Ok(new { id = "r-1" }, context.Request, Freshness.Latest), context);

        Assert.Equal(200, response.StatusCode);
        Assert.NotEmpty(response.Body);
    }

    [Fact]
    public async Task Validated_PageWithLinkNotModified_SendsVaryButNotTheLink()
    {
        var body = new[] { 1, 2 };
        var context = HttpTestContext.Create();
        context.Request.Headers.IfNoneMatch = ETags.ForJson(body);
        var page = TypedResults.Ok(body).WithHeader("Link", "</next>; rel=\"next\"");

        var result = page.Validated(context.Request, Freshness.RecentHistory, vary: "Accept");
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(304, response.StatusCode);
        Assert.Equal("Accept", response.Header("Vary"));
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task Validated_PageModified_SendsTheLinkToo()
    {
        var context = HttpTestContext.Create();
        var page = TypedResults.Ok(new[] { 1, 2 }).WithHeader("Link", "</next>; rel=\"next\"");

        var response = await HttpTestContext.ExecuteAsync(page.Validated(context.Request, Freshness.RecentHistory, vary: "Accept"), context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("</next>; rel=\"next\"", response.Header("Link"));
        Assert.Equal("Accept", response.Header("Vary"));
        Assert.Equal("[1,2]", response.Body);
    }

    [Fact]
    public async Task Fresh_AnyIfNoneMatch_NeverNotModifiedAndKeepsTheInnerETag()
    {
        var context = HttpTestContext.Create();
        context.Request.Headers.IfNoneMatch = "*";
        var inner = TypedResults.Ok("sensor").WithHeader("ETag", "\"version\"");

        var result = inner.Fresh(context.Request, Freshness.Revalidate);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.False(result.NotModified);
        Assert.Null(result.ETag);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("\"version\"", response.Header("ETag"));
        Assert.Equal("public, no-cache", response.Header("Cache-Control"));
    }

    /// <summary>Counts how often it is serialized (each serialization reads <see cref="Id"/> once).</summary>
    private sealed class CountingBody
    {
        private int serialized;

        [JsonIgnore]
        public int Serialized => serialized;

        public string Id
        {
            get
            {
                serialized++;
                return "r-1";
            }
        }
    }
}
