using System.Runtime.CompilerServices;
using System.Text;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CitySense.UnitTests.Functions.Http;

/// <summary>
/// The one failure path of both hosts: before anything was sent, a problem document (and no header the failed result
/// had set); after, an aborted response; for a client that has gone, nothing.
/// </summary>
public sealed class FunctionFailuresTests
{
    [Fact]
    public async Task HandleAsync_StoreOutageBeforeTheResponseStarted_503ProblemWithRetryAfterAndNoStaleHeaders()
    {
        var context = NewContext();
        context.Response.Headers.ContentDisposition = "attachment; filename=\"x.csv\"";
        context.Response.Headers.ETag = "\"abc\"";

        await FunctionFailures.HandleAsync(context, new StoreUnavailableException("busy", TimeSpan.FromSeconds(3), null), "ListReadings");

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", context.Response.ContentType);
        Assert.Equal("3", context.Response.Headers.RetryAfter.ToString());
        Assert.False(context.Response.Headers.ContainsKey("Content-Disposition"));
        Assert.False(context.Response.Headers.ContainsKey("ETag"));
        Assert.Contains("urn:citysense:problem:service-unavailable", Body(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_UnexpectedException_500ProblemWithoutInternals()
    {
        var context = NewContext();

        await FunctionFailures.HandleAsync(context, new InvalidOperationException("secret internal detail"), "GetSensor");

        Assert.Equal(500, context.Response.StatusCode);
        Assert.DoesNotContain("secret internal detail", Body(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_ResponseAlreadyStarted_AbortsInsteadOfWriting()
    {
        using var lifetime = new RecordingLifetime();
        var context = NewContext(started: true, lifetime);

        await FunctionFailures.HandleAsync(context, new StoreUnavailableException("busy"), "ListReadings");

        Assert.True(lifetime.Aborted);
        Assert.Equal(string.Empty, Body(context));
    }

    [Fact]
    public async Task HandleAsync_ClientGone_WritesNothingAndDoesNotAbort()
    {
        using var lifetime = new RecordingLifetime();
        var context = NewContext(lifetime: lifetime);
        await lifetime.CancelAsync();

        await FunctionFailures.HandleAsync(context, new OperationCanceledException(), "ListReadings");

        Assert.False(lifetime.Aborted);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(string.Empty, Body(context));
    }

    [Fact]
    public async Task GuardedResult_ExportFailsOnItsFirstRow_503ProblemInsteadOfAHeaderOnlyFile()
    {
        var context = NewContext();
        var export = new ReadingExport("houston.clay_st.weather", ["tempC"], FailingRows);

        await new GuardedResult(new CsvExportResult(export), "ListReadings").ExecuteAsync(context);

        Assert.Equal(503, context.Response.StatusCode);
        Assert.StartsWith("{", Body(context), StringComparison.Ordinal);
        Assert.DoesNotContain("id,timestamp", Body(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuardedResult_ResultSucceeds_WritesItUnchanged()
    {
        var context = NewContext();

        await new GuardedResult(Results.Text("fine"), "GetHealth").ExecuteAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("fine", Body(context));
    }

    [Fact]
    public async Task GuardedResult_ResultSaysNothingAboutCaching_NoStore()
    {
        var context = NewContext();

        await new GuardedResult(TypedResults.Created((string?)null, new { id = "r-1" }), "IngestReading").ExecuteAsync(context);

        Assert.Equal(201, context.Response.StatusCode);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task GuardedResult_CacheableResult_KeepsItsCacheControl()
    {
        var context = NewContext();

        await new GuardedResult(CacheableResults.Ok(new { id = "r-1" }, context.Request, Freshness.Latest), "GetLatestReading").ExecuteAsync(context);

        Assert.Equal("public, max-age=5", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task HandleAsync_CacheableResultFailed_ProblemIsNoStoreWithoutTheETag()
    {
        var context = NewContext();
        context.Response.Headers.CacheControl = "public, max-age=60";
        context.Response.Headers.ETag = "\"abc\"";

        await FunctionFailures.HandleAsync(context, new StoreUnavailableException("busy", TimeSpan.FromSeconds(3), null), "ExportReadings");

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.False(context.Response.Headers.ContainsKey("ETag"));
    }

    private static async IAsyncEnumerable<Reading> FailingRows([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new StoreUnavailableException("The database is busy.", TimeSpan.FromSeconds(1), null);
#pragma warning disable CS0162 // Unreachable: makes this an iterator.
        yield break;
#pragma warning restore CS0162
    }

    private static DefaultHttpContext NewContext(bool started = false, RecordingLifetime? lifetime = null)
    {
        var context = new DefaultHttpContext { RequestServices = HttpTestContext.Services };
        context.Request.Path = "/api/sensors/houston.clay_st.weather/readings";
        context.Response.Body = new MemoryStream();
        if (started)
        {
            context.Features.Set<IHttpResponseFeature>(new StartedResponse());
        }

        if (lifetime is not null)
        {
            context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        }

        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class StartedResponse : HttpResponseFeature
    {
        public override bool HasStarted => true;
    }

    private sealed class RecordingLifetime : IHttpRequestLifetimeFeature, IDisposable
    {
        private readonly CancellationTokenSource aborted = new();

        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public RecordingLifetime() => RequestAborted = aborted.Token;

        public void Abort() => Aborted = true;

        public Task CancelAsync() => aborted.CancelAsync();

        public void Dispose() => aborted.Dispose();
    }
}
