using System.Diagnostics;
using CitySense.Functions.Telemetry;

namespace CitySense.UnitTests.Telemetry;

public sealed class FailureKeepingSamplerTests
{
    [Theory]
    [InlineData(ActivityStatusCode.Error, null, null)]
    [InlineData(ActivityStatusCode.Unset, "db.cosmosdb.status_code", 429)]
    [InlineData(ActivityStatusCode.Unset, "db.response.status_code", 503)]
    [InlineData(ActivityStatusCode.Unset, "http.response.status_code", 500)]
    public void OnEnd_FailedSpanWithNothingSampled_KeptForExport(ActivityStatusCode status, string? tag, int? code)
    {
        using var activity = Span(status, tag, code);

        new FailureKeepingSampler(0).OnEnd(activity);

        Assert.True(activity.Recorded);
    }

    [Theory]
    [InlineData("http.response.status_code", 404)]
    [InlineData("db.cosmosdb.status_code", 412)]
    [InlineData(null, null)]
    public void OnEnd_SucceededOrClientErrorWithNothingSampled_Dropped(string? tag, int? code)
    {
        using var activity = Span(ActivityStatusCode.Unset, tag, code);

        new FailureKeepingSampler(0).OnEnd(activity);

        Assert.False(activity.Recorded);
    }

    [Fact]
    public void OnEnd_ParentEndsAfterAFailedChild_ParentKeptToo()
    {
        var sampler = new FailureKeepingSampler(0);
        var traceId = ActivityTraceId.CreateRandom();
        using var child = Span(ActivityStatusCode.Error, null, null, traceId);
        using var parent = Span(ActivityStatusCode.Unset, null, null, traceId);

        sampler.OnEnd(child);
        sampler.OnEnd(parent);

        Assert.True(parent.Recorded);
    }

    [Fact]
    public void OnEnd_EverythingSampled_SuccessKept()
    {
        using var activity = Span(ActivityStatusCode.Ok, null, null);

        new FailureKeepingSampler(1).OnEnd(activity);

        Assert.True(activity.Recorded);
    }

    [Fact]
    public void OnEnd_HalfSampled_AboutHalfTheTracesKeptAndEachTraceWhole()
    {
        var sampler = new FailureKeepingSampler(0.5);
        var kept = 0;
        for (var i = 0; i < 2000; i++)
        {
            var traceId = ActivityTraceId.CreateRandom();
            using var first = Span(ActivityStatusCode.Ok, null, null, traceId);
            using var second = Span(ActivityStatusCode.Ok, null, null, traceId);
            sampler.OnEnd(first);
            sampler.OnEnd(second);

            Assert.Equal(first.Recorded, second.Recorded);
            kept += first.Recorded ? 1 : 0;
        }

        Assert.InRange(kept, 850, 1150);
    }

    private static Activity Span(ActivityStatusCode status, string? tag, int? code, ActivityTraceId? traceId = null)
    {
        var activity = new Activity("test");
        activity.SetParentId(traceId ?? ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        activity.Start();
        activity.SetStatus(status);
        if (tag is not null)
        {
            activity.SetTag(tag, code);
        }

        activity.Stop();
        return activity;
    }
}
