using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.Core.Json;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Readings;

public sealed class ReadingServiceListTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly ISensorStore sensors = Substitute.For<ISensorStore>();
    private readonly IReadingStore readings = Substitute.For<IReadingStore>();
    private readonly FakeTimeProvider clock = new(Now);
    private readonly Sensor sensor = TestSensors.Create(TestSensors.NewId());
    private readonly List<Reading> history = [];
    private readonly ReadingService service;

    public ReadingServiceListTests()
    {
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor);

        // The store contract: one bucket, fromSortKey <= key < beforeSortKey, newest first, at most take.
        readings.ListAsync(Arg.Any<ReadingBucket>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var bucket = call.ArgAt<ReadingBucket>(0);
                var from = call.ArgAt<string>(1);
                var before = call.ArgAt<string>(2);
                IReadOnlyList<Reading> page =
                [
                    .. history
                        .Where(r => ReadingBucket.For(r.SensorId, sensor.Incarnation, r.Timestamp) == bucket)
                        .Where(r => string.CompareOrdinal(r.SortKey, from) >= 0 && string.CompareOrdinal(r.SortKey, before) < 0)
                        .OrderByDescending(r => r.SortKey, StringComparer.Ordinal)
                        .Take(call.ArgAt<int>(3)),
                ];
                return page;
            });
        service = new ReadingService(
            sensors, readings, clock, Options.Create(new ReadingOptions { RetentionDays = 365 }), NullLogger<ReadingService>.Instance);
    }

    [Fact]
    public async Task ListAsync_SeveralMonths_WalksBucketsNewestFirstAndStopsAtLimitPlusOne()
    {
        var march = Add("m1", "2026-03-10T08:00:00Z");
        var marchFirst = Add("m2", "2026-03-01T00:00:00Z");
        Add("f1", "2026-02-20T00:00:00Z");
        Add("j1", "2026-01-31T23:59:59Z");

        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "2" }, CancellationToken.None);

        Assert.Equal([march, marchFirst], outcome.Value!.Items);
        Assert.NotNull(outcome.Value.NextCursor);
        var calls = ListCalls();
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

        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery(), CancellationToken.None);

        Assert.Equal([old], outcome.Value!.Items);
        Assert.Null(outcome.Value.NextCursor);
        Assert.Contains(Bucket(2025, 11), ListCalls().Select(c => c.Bucket));
    }

    [Fact]
    public async Task ListAsync_LastPage_HasNoNextCursor()
    {
        Add("a", "2026-03-01T00:00:00Z");
        Add("b", "2026-03-02T00:00:00Z");

        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "2" }, CancellationToken.None);

        Assert.Equal(2, outcome.Value!.Items.Count);
        Assert.Null(outcome.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_WithCursor_ContinuesStrictlyBeforeTheLastSortKey()
    {
        Add("a", "2026-03-03T00:00:00Z");
        Add("b", "2026-03-02T00:00:00Z");
        Add("c", "2026-03-01T00:00:00Z");
        var first = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "1" }, CancellationToken.None);
        readings.ClearReceivedCalls();

        var second = await service.ListAsync(
            sensor.Id.ToString(), new ReadingListQuery { Limit = "1", Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.Equal(first.Value.Items[0].SortKey, ListCalls()[0].Before);
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
            var page = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "3", Cursor = cursor }, CancellationToken.None);
            Assert.True(page.Succeeded, page.Problem?.Detail);
            seen.AddRange(page.Value.Items);
            cursor = page.Value.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(history.OrderByDescending(r => r.SortKey, StringComparer.Ordinal), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListAsync_SameTimestampDifferentIds_PagesThroughBoth()
    {
        Add("a", "2026-03-01T00:00:00Z");
        Add("b", "2026-03-01T00:00:00Z");

        var first = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "1" }, CancellationToken.None);
        var second = await service.ListAsync(
            sensor.Id.ToString(), new ReadingListQuery { Limit = "1", Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.Equal("b", Assert.Single(first.Value.Items).Id);
        Assert.Equal("a", Assert.Single(second.Value!.Items).Id);
        Assert.Null(second.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_FromAndTo_IncludesReadingsAtBothEnds()
    {
        Add("after", "2026-03-05T00:00:00.0000001Z");
        var atTo = Add("at-to", "2026-03-05T00:00:00Z");
        var atFrom = Add("at-from", "2026-03-02T00:00:00Z");
        Add("before", "2026-03-01T23:59:59.9999999Z");
        var query = new ReadingListQuery { From = "2026-03-02T00:00:00Z", To = "2026-03-05T00:00:00Z" };

        var outcome = await service.ListAsync(sensor.Id.ToString(), query, CancellationToken.None);

        Assert.Equal([atTo, atFrom], outcome.Value!.Items);
    }

    [Fact]
    public async Task ListAsync_FromOlderThanRetention_StartsAtTheRetentionFloor()
    {
        await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { From = "2000-01-01T00:00:00Z" }, CancellationToken.None);

        Assert.All(ListCalls(), call => Assert.Equal(Timestamps.Format(Now.AddDays(-365)), call.From));
    }

    // Known bug (fails today): page 2 of a listing whose 'from' is older than the retention floor is rejected as
    // "another range" as soon as the clock has moved, because the cursor stores the clamped floor (now - retention)
    // and ReadingService.ListAsync recomputes it from the new 'now' before comparing.
    [Fact]
    public async Task ListAsync_FromOlderThanRetentionNextPageLater_ContinuesTheListing()
    {
        Add("a", "2026-03-02T00:00:00Z");
        Add("b", "2026-03-01T00:00:00Z");
        var query = new ReadingListQuery { From = "2000-01-01T00:00:00Z", Limit = "1" };
        var first = await service.ListAsync(sensor.Id.ToString(), query, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));

        var second = await service.ListAsync(sensor.Id.ToString(), query with { Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.True(second.Succeeded, second.Problem?.Detail);
        Assert.Equal("b", Assert.Single(second.Value.Items).Id);
    }

    // Known bug (fails today): 'to' is not capped at now + 5 minutes, so a far-future 'to' makes one listing query
    // every empty month bucket between it and now (about 900 store queries for to=2100-01-01).
    [Fact]
    public async Task ListAsync_ToFarInTheFuture_QueriesNoMoreBucketsThanTheRetentionSpans()
    {
        var reading = Add("a", "2026-03-01T00:00:00Z");

        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { To = "2100-01-01T00:00:00Z" }, CancellationToken.None);

        Assert.Equal([reading], outcome.Value!.Items);
        Assert.InRange(ListCalls().Count, 1, 14);
    }

    [Fact]
    public async Task ListAsync_FromAfterTo_ReturnsValidationForFrom()
    {
        var query = new ReadingListQuery { From = "2026-03-02T00:00:00Z", To = "2026-03-01T00:00:00Z" };

        var outcome = await service.ListAsync(sensor.Id.ToString(), query, CancellationToken.None);

        ProblemAssert.Validation(outcome, "from");
        Assert.Empty(readings.ReceivedCalls());
    }

    [Theory]
    [InlineData("2026-03-01T00:00:00", null, "from")]
    [InlineData(null, "yesterday", "to")]
    public async Task ListAsync_TimeWithoutOffset_ReturnsValidationNamingIt(string? from, string? to, string field)
    {
        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { From = from, To = to }, CancellationToken.None);

        ProblemAssert.Validation(outcome, field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("abc")]
    public async Task ListAsync_InvalidLimit_ReturnsValidationForLimit(string limit)
    {
        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = limit }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "limit");
    }

    [Fact]
    public async Task ListAsync_NoLimit_FetchesOneMoreThanTheDefaultPage()
    {
        await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery(), CancellationToken.None);

        Assert.Equal(101, ListCalls()[0].Take);
    }

    [Fact]
    public async Task ListAsync_UnknownSensor_ReturnsNotFound()
    {
        var outcome = await service.ListAsync(TestSensors.NewId().ToString(), new ReadingListQuery(), CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Empty(readings.ReceivedCalls());
    }

    [Fact]
    public async Task ListAsync_CursorOfAnotherSensor_ReturnsValidationForCursor()
    {
        var other = TestSensors.Create(TestSensors.NewId(), incarnation: sensor.Incarnation);
        sensors.FindAsync(other.Id, Arg.Any<CancellationToken>()).Returns(other);
        var cursor = await FirstPageCursorAsync();

        var outcome = await service.ListAsync(other.Id.ToString(), new ReadingListQuery { Limit = "1", Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Fact]
    public async Task ListAsync_CursorOfAnEarlierIncarnation_ReturnsValidationForCursor()
    {
        var cursor = await FirstPageCursorAsync();
        sensors.FindAsync(sensor.Id, Arg.Any<CancellationToken>()).Returns(sensor with { Incarnation = TestSensors.NewToken() });

        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "1", Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Fact]
    public async Task ListAsync_CursorWithAnotherTo_ReturnsValidationForCursor()
    {
        var cursor = await FirstPageCursorAsync();
        var query = new ReadingListQuery { Limit = "1", To = "2026-03-10T00:00:00Z", Cursor = cursor };

        var outcome = await service.ListAsync(sensor.Id.ToString(), query, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("eyJzZW5zb3IiOiJ4In0")] // {"sensor":"x"}
    [InlineData("bm90IGpzb24")] // "not json"
    public async Task ListAsync_GarbageCursor_ReturnsValidationForCursor(string cursor)
    {
        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(readings.ReceivedCalls());
    }

    [Theory]
    [InlineData("before", "not-a-sort-key")]
    [InlineData("before", "2099-01-01T00:00:00.0000000Z|z")]
    public async Task ListAsync_CursorWithEditedPosition_ReturnsValidationForCursor(string field, string value)
    {
        var cursor = Edit(await FirstPageCursorAsync(), field, value);

        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "1", Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    // Known bug (fails today with NullReferenceException, a 500): a cursor whose fields were removed decodes to nulls
    // and ReadingService.ListAsync reads them as sort keys. See CursorCodecTests for the suggested fix.
    [Theory]
    [InlineData("before")]
    [InlineData("from")]
    public async Task ListAsync_CursorWithAFieldRemoved_ReturnsValidationForCursor(string field)
    {
        var cursor = Edit(await FirstPageCursorAsync(), field, null);

        var outcome = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "1", Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    private async Task<string> FirstPageCursorAsync()
    {
        Add("a", "2026-03-02T00:00:00Z");
        Add("b", "2026-03-01T00:00:00Z");
        var first = await service.ListAsync(sensor.Id.ToString(), new ReadingListQuery { Limit = "1" }, CancellationToken.None);
        readings.ClearReceivedCalls();
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

    private Reading Add(string id, string timestamp)
    {
        Assert.True(Timestamps.TryParse(timestamp, out var time));
        var reading = new Reading
        {
            Id = id,
            SensorId = sensor.Id,
            Timestamp = time,
            ReceivedAt = time,
            Payload = TestSensors.Payload(),
            Coordinates = sensor.Coordinates,
            SortKey = Timestamps.Format(time) + "|" + id,
        };
        history.Add(reading);
        return reading;
    }

    private ReadingBucket Bucket(int year, int month) => new(sensor.Id, sensor.Incarnation, year, month);

    private List<ListCall> ListCalls() =>
    [
        .. readings.ReceivedCalls()
            .Where(call => call.GetMethodInfo().Name == nameof(IReadingStore.ListAsync))
            .Select(call => call.GetArguments())
            .Select(args => new ListCall((ReadingBucket)args[0]!, (string)args[1]!, (string)args[2]!, (int)args[3]!)),
    ];

    private sealed record ListCall(ReadingBucket Bucket, string From, string Before, int Take);
}
