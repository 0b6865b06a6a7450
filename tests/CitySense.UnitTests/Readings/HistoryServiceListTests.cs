using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.Core;
using CitySense.Core.Json;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Queries;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Readings;

public sealed class HistoryServiceListTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now, retentionDays: 365);
    private readonly Sensor sensor;

    public HistoryServiceListTests()
    {
        sensor = services.AddSensor();
    }

    private HistoryService Service => services.HistoryService;

    [Fact]
    public async Task ListAsync_SeveralMonths_WalksBucketsNewestFirstAndStopsAtLimitPlusOne()
    {
        var march = Add("m1", "2026-03-10T08:00:00Z");
        var marchFirst = Add("m2", "2026-03-01T00:00:00Z");
        Add("f1", "2026-02-20T00:00:00Z");
        Add("j1", "2026-01-31T23:59:59Z");

        var outcome = await Service.ListAsync(Query(limit: 2), CancellationToken.None);

        Assert.Equal([march, marchFirst], outcome.Value!.Items);
        Assert.NotNull(outcome.Value.NextCursor);
        var calls = services.ReadingListings;
        Assert.Equal(2, calls.Count);
        Assert.Equal(Bucket(2026, 3), calls[0].Bucket);
        Assert.Equal(3, calls[0].Take);
        Assert.Equal(Bucket(2026, 2), calls[1].Bucket);
        Assert.Equal(1, calls[1].Take);
    }

    [Fact]
    public async Task ListAsync_EmptyMonthsBetweenReadings_KeepsWalkingBack()
    {
        var old = Add("old", "2025-11-02T00:00:00Z");

        var outcome = await Service.ListAsync(Query(), CancellationToken.None);

        Assert.Equal([old], outcome.Value!.Items);
        Assert.Null(outcome.Value.NextCursor);
        Assert.Contains(Bucket(2025, 11), services.ReadingListings.Select(c => c.Bucket));
    }

    [Fact]
    public async Task ListAsync_LastPage_HasNoNextCursor()
    {
        Add("a", "2026-03-01T00:00:00Z");
        Add("b", "2026-03-02T00:00:00Z");

        var outcome = await Service.ListAsync(Query(limit: 2), CancellationToken.None);

        Assert.Equal(2, outcome.Value!.Items.Count);
        Assert.Null(outcome.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_WithCursor_ContinuesStrictlyBeforeTheLastSortKey()
    {
        Add("a", "2026-03-03T00:00:00Z");
        Add("b", "2026-03-02T00:00:00Z");
        Add("c", "2026-03-01T00:00:00Z");
        var first = await Service.ListAsync(Query(limit: 1), CancellationToken.None);
        services.ResetCalls();

        var second = await Service.ListAsync(Query(limit: 1, cursor: first.Value!.NextCursor), CancellationToken.None);

        Assert.Equal(first.Value.Items[0].SortKey, services.ReadingListings[0].Before);
        Assert.Equal("b", Assert.Single(second.Value!.Items).Id);
    }

    [Fact]
    public async Task ListAsync_PagingToTheEnd_ReturnsEveryReadingOnceNewestFirst()
    {
        string[] timestamps =
        [
            "2026-03-14T00:00:00Z", "2026-03-01T00:00:00Z", "2026-02-28T23:59:59.9999999Z", "2026-02-10T00:00:00Z",
            "2026-02-10T00:00:00Z", "2026-01-01T00:00:00Z", "2025-12-31T23:00:00-02:00", "2025-06-01T00:00:00Z",
        ];
        for (var i = 0; i < timestamps.Length; i++)
        {
            Add($"r{i}", timestamps[i]);
        }

        var seen = new List<Reading>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Service.ListAsync(Query(limit: 3, cursor: cursor), CancellationToken.None);
            Assert.True(page.Succeeded, page.Problem?.Detail);
            seen.AddRange(page.Value.Items);
            cursor = page.Value.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(services.Readings.All, seen);
        Assert.Equal(8, seen.Count);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListAsync_SameTimestampDifferentIds_PagesThroughBoth()
    {
        Add("a", "2026-03-01T00:00:00Z");
        Add("b", "2026-03-01T00:00:00Z");

        var first = await Service.ListAsync(Query(limit: 1), CancellationToken.None);
        var second = await Service.ListAsync(Query(limit: 1, cursor: first.Value!.NextCursor), CancellationToken.None);

        Assert.Equal("b", Assert.Single(first.Value.Items).Id);
        Assert.Equal("a", Assert.Single(second.Value!.Items).Id);
        Assert.Null(second.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_ReadingAddedAfterTheFirstPage_DoesNotShiftTheNextPage()
    {
        Add("a", "2026-03-03T00:00:00Z");
        Add("b", "2026-03-02T00:00:00Z");
        var first = await Service.ListAsync(Query(limit: 1), CancellationToken.None);
        Add("newest", "2026-03-15T11:00:00Z");

        var second = await Service.ListAsync(Query(limit: 1, cursor: first.Value!.NextCursor), CancellationToken.None);

        Assert.Equal("b", Assert.Single(second.Value!.Items).Id);
    }

    [Fact]
    public async Task ListAsync_FromAndTo_IncludesReadingsAtBothEnds()
    {
        Add("after", "2026-03-05T00:00:00.0000001Z");
        var atTo = Add("at-to", "2026-03-05T00:00:00Z");
        var atFrom = Add("at-from", "2026-03-02T00:00:00Z");
        Add("before", "2026-03-01T23:59:59.9999999Z");

        var outcome = await Service.ListAsync(Query(from: "2026-03-02T00:00:00Z", to: "2026-03-05T00:00:00Z"), CancellationToken.None);

        Assert.Equal([atTo, atFrom], outcome.Value!.Items);
    }

    [Fact]
    public async Task ListAsync_FromOlderThanRetention_StartsAtTheRetentionFloor()
    {
        await Service.ListAsync(Query(from: "2000-01-01T00:00:00Z"), CancellationToken.None);

        Assert.NotEmpty(services.ReadingListings);
        Assert.All(services.ReadingListings, call => Assert.Equal(Timestamps.Format(Now.AddDays(-365)), call.From));
    }

    [Fact]
    public async Task ListAsync_ReadingOlderThanRetention_IsNotListed()
    {
        var kept = Add("kept", "2025-03-16T00:00:00Z");
        Add("expired", "2025-03-15T11:59:59Z");

        var outcome = await Service.ListAsync(Query(), CancellationToken.None);

        Assert.Equal([kept], outcome.Value!.Items);
    }

    // Page 2 of a listing whose 'from' is older than the retention floor once failed as "another range" as soon as
    // the clock had moved: the cursor held the clamped floor, which was recomputed from the new 'now'.
    [Fact]
    public async Task ListAsync_FromOlderThanRetentionNextPageLater_ContinuesTheListing()
    {
        Add("a", "2026-03-02T00:00:00Z");
        Add("b", "2026-03-01T00:00:00Z");
        var query = Query(from: "2000-01-01T00:00:00Z", limit: 1);
        var first = await Service.ListAsync(query, CancellationToken.None);
        services.Clock.Advance(TimeSpan.FromSeconds(1));

        var second = await Service.ListAsync(query with { Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.True(second.Succeeded, second.Problem?.Detail);
        Assert.Equal("b", Assert.Single(second.Value.Items).Id);
    }

    // A far-future 'to' once made one listing query every empty month bucket between it and now.
    [Fact]
    public async Task ListAsync_ToFarInTheFuture_QueriesNoMoreBucketsThanTheRetentionSpans()
    {
        var reading = Add("a", "2026-03-01T00:00:00Z");

        var outcome = await Service.ListAsync(Query(to: "2100-01-01T00:00:00Z"), CancellationToken.None);

        Assert.Equal([reading], outcome.Value!.Items);
        Assert.InRange(services.ReadingListings.Count, 1, 14);
    }

    [Fact]
    public async Task ListAsync_NoLimit_FetchesOneMoreThanTheDefaultPage()
    {
        var parsed = HistoryParameters.ParsePage(sensor.Id.ToString(), QueryStrings.Parse(string.Empty));

        await Service.ListAsync(parsed.Value!, CancellationToken.None);

        Assert.Equal(ApiLimits.DefaultReadingPageSize, parsed.Value!.Limit);
        Assert.Equal(101, services.ReadingListings[0].Take);
    }

    [Fact]
    public async Task ListAsync_UnknownSensor_ReturnsNotFound()
    {
        var outcome = await Service.ListAsync(Query() with { Sensor = TestSensors.NewId() }, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Empty(services.Readings.Calls);
    }

    [Fact]
    public async Task ListAsync_CursorOfAnotherSensor_ReturnsValidationForCursor()
    {
        var other = services.Sensors.Add(TestSensors.Create(TestSensors.NewId(), incarnation: sensor.Incarnation));
        var cursor = await FirstPageCursorAsync();

        var outcome = await Service.ListAsync(Query(limit: 1, cursor: cursor) with { Sensor = other.Id }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Fact]
    public async Task ListAsync_CursorOfAnEarlierIncarnation_ReturnsValidationForCursor()
    {
        var cursor = await FirstPageCursorAsync();
        services.Sensors.Add(sensor with { Incarnation = TestSensors.NewToken() });

        var outcome = await Service.ListAsync(Query(limit: 1, cursor: cursor), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Fact]
    public async Task ListAsync_CursorWithAnotherTo_ReturnsValidationForCursor()
    {
        var cursor = await FirstPageCursorAsync();

        var outcome = await Service.ListAsync(Query(limit: 1, to: "2026-03-10T00:00:00Z", cursor: cursor), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("eyJzZW5zb3IiOiJ4In0")] // {"sensor":"x"}
    [InlineData("bm90IGpzb24")] // "not json"
    public async Task ListAsync_GarbageCursor_ReturnsValidationForCursor(string cursor)
    {
        var outcome = await Service.ListAsync(Query(cursor: cursor), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(services.Readings.Calls);
    }

    [Theory]
    [InlineData("before", "not-a-sort-key")]
    [InlineData("before", "2099-01-01T00:00:00.0000000Z|z")]
    public async Task ListAsync_CursorWithEditedPosition_ReturnsValidationForCursor(string field, string value)
    {
        var cursor = Edit(await FirstPageCursorAsync(), field, value);

        var outcome = await Service.ListAsync(Query(limit: 1, cursor: cursor), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    // A cursor whose fields were removed once decoded to nulls that were then read as sort keys (a 500).
    [Theory]
    [InlineData("before")]
    [InlineData("from")]
    public async Task ListAsync_CursorWithAFieldRemoved_ReturnsValidationForCursor(string field)
    {
        var cursor = Edit(await FirstPageCursorAsync(), field, null);

        var outcome = await Service.ListAsync(Query(limit: 1, cursor: cursor), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    private HistoryQuery Query(int limit = ApiLimits.DefaultReadingPageSize, string? from = null, string? to = null, string? cursor = null) =>
        new(sensor.Id, Time(from), Time(to), limit, cursor);

    private static DateTimeOffset? Time(string? text)
    {
        if (text is null)
        {
            return null;
        }

        Assert.True(Timestamps.TryParse(text, out var time));
        return time;
    }

    private async Task<string> FirstPageCursorAsync()
    {
        Add("a", "2026-03-02T00:00:00Z");
        Add("b", "2026-03-01T00:00:00Z");
        var first = await Service.ListAsync(Query(limit: 1), CancellationToken.None);
        services.ResetCalls();
        return first.Value!.NextCursor!;
    }

    private static string Edit(string cursor, string field, string? value)
    {
        var json = JsonNode.Parse(Base64Url.DecodeFromChars(cursor))!.AsObject();
        if (value is null)
        {
            json.Remove(field);
        }
        else
        {
            json[field] = value;
        }

        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private Reading Add(string id, string timestamp) => services.AddReading(sensor, id, Time(timestamp)!.Value);

    private ReadingBucket Bucket(int year, int month) => new(sensor.Id, sensor.Incarnation, year, month);
}
