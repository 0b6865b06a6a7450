using CitySense.Core;
using CitySense.Core.Geo;
using CitySense.Core.Paging;
using CitySense.Core.Sensors;
using CitySense.Functions.Queries;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceListTests
{
    private readonly TestServices services = new(DateTimeOffset.UtcNow);

    // Each test lists its own city, so that no two tests share data.
    private readonly string city = "city-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task ListAsync_NoLimit_ReturnsPagesOfTheDefaultSize()
    {
        var sensors = AddSensors(ApiLimits.DefaultSensorPageSize + 1);
        var query = Parse($"?city={city}").List;

        var first = await services.SensorService.ListAsync(query, CancellationToken.None);
        var second = await services.SensorService.ListAsync(query with { Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.Equal(sensors.Take(ApiLimits.DefaultSensorPageSize), first.Value.Items);
        Assert.NotNull(first.Value.NextCursor);
        Assert.Equal(sensors[^1].Id, Assert.Single(second.Value!.Items).Id);
        Assert.Null(second.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_Filters_ReturnsOnlySensorsThatPassEachOfThem()
    {
        var wanted = services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city, "air_quality"), SensorStatus.Inactive));
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city, "air_quality"), SensorStatus.Active));
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city, "weather"), SensorStatus.Inactive));
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId("other-" + city, "air_quality"), SensorStatus.Inactive));
        var query = Parse($"?city={city}&type=air_quality&status=inactive&limit=1000").List;

        var outcome = await services.SensorService.ListAsync(query, CancellationToken.None);

        Assert.Equal(wanted.Id, Assert.Single(outcome.Value!.Items).Id);
    }

    [Fact]
    public async Task ListAsync_BoundingBox_ReturnsOnlySensorsInside()
    {
        var inside = services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), coordinates: new Coordinates(29.76, -95.37)));
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), coordinates: new Coordinates(32.78, -96.80)));
        var filter = new SensorFilter(city, null, null, new BoundingBox(-96, 29, -95, 30));

        var outcome = await services.SensorService.ListAsync(new SensorListQuery(filter, 10), CancellationToken.None);

        Assert.Equal(inside.Id, Assert.Single(outcome.Value!.Items).Id);
    }

    [Fact]
    public async Task ListAsync_ExactlyOnePage_ReturnsNoCursor()
    {
        var sensors = AddSensors(3);

        var outcome = await services.SensorService.ListAsync(Query(limit: 3), CancellationToken.None);

        Assert.Equal(sensors, outcome.Value!.Items);
        Assert.Null(outcome.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_MoreThanOnePage_ReturnsLimitItemsAndACursorAfterTheLast()
    {
        var sensors = AddSensors(4);
        var query = Query(limit: 3);

        var first = await services.SensorService.ListAsync(query, CancellationToken.None);
        var second = await services.SensorService.ListAsync(query with { Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.Equal(sensors.Take(3), first.Value.Items);
        Assert.NotNull(first.Value.NextCursor);
        Assert.Equal(sensors[3].Id, Assert.Single(second.Value!.Items).Id);
        Assert.Null(second.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_SensorRegisteredBeforeTheCursor_DoesNotShiftTheNextPage()
    {
        var sensors = AddSensors(4);
        var query = Query(limit: 2);
        var first = await services.SensorService.ListAsync(query, CancellationToken.None);
        services.Sensors.Add(TestSensors.Create(new SensorId(city, "aaa-first", "weather")));

        var second = await services.SensorService.ListAsync(query with { Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.Equal(sensors.Skip(2).Select(s => s.Id), second.Value!.Items.Select(s => s.Id));
    }

    [Fact]
    public async Task ListAsync_SensorWithLatestReading_ListsItsTimestampNotTheReading()
    {
        var timestamp = new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), latest: TestReadings.Latest("r-1", timestamp)));

        var outcome = await services.SensorService.ListAsync(Query(limit: 10), CancellationToken.None);

        var listed = Assert.Single(outcome.Value!.Items);
        Assert.Null(listed.Latest);
        Assert.Equal(timestamp, listed.LatestReadingAt);
    }

    [Theory]
    [InlineData("dallas", null, null)]
    [InlineData(null, null, null)]
    [InlineData("houston", "weather", null)]
    [InlineData("houston", null, SensorStatus.Active)]
    public async Task ListAsync_CursorFromOtherFilters_ReturnsValidationForCursor(string? filterCity, string? type, SensorStatus? status)
    {
        var cursor = CursorCodec.Encode(new SensorListCursor("houston.clay_st.weather", "houston", null, null, null));
        var query = new SensorListQuery(new SensorFilter(filterCity, type, status), 10, cursor);

        var outcome = await services.SensorService.ListAsync(query, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListAsync_CursorFromAnotherBoundingBox_ReturnsValidationForCursor()
    {
        var box = new BoundingBox(-96, 29, -95, 30);
        var cursor = CursorCodec.Encode(new SensorListCursor("houston.clay_st.weather", "houston", null, null, box));
        var query = new SensorListQuery(new SensorFilter("houston", null, null, box with { MaxLat = 31 }), 10, cursor);

        var outcome = await services.SensorService.ListAsync(query, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(services.Sensors.Calls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("!!!")]
    [InlineData("eyJhZnRlciI6IkhPVVNUT04ifQ")] // {"after":"HOUSTON"}: not a sensor id
    [InlineData("eyJhZnRlciI6")] // {"after": cut short
    public async Task ListAsync_GarbageCursor_ReturnsValidationForCursor(string cursor)
    {
        var outcome = await services.SensorService.ListAsync(Query(cursor: cursor), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListAsync_TamperedCursor_ReturnsValidationForCursor()
    {
        var cursor = CursorCodec.Encode(new SensorListCursor("houston.clay_st.weather", null, null, null, null));
        var middle = cursor.Length / 2;
        var tampered = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];

        var outcome = await services.SensorService.ListAsync(new SensorListQuery(new SensorFilter(null, null, null), 10, tampered), CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    private SensorListQuery Query(int limit = 10, string? cursor = null) => new(new SensorFilter(city, null, null), limit, cursor);

    private static SensorListParameters Parse(string queryString)
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse(queryString));
        Assert.True(parsed.Succeeded, parsed.Problem?.Detail);
        return parsed.Value;
    }

    /// <summary>Registers <paramref name="count"/> sensors in this test's city; returns them in id order.</summary>
    private List<Sensor> AddSensors(int count) =>
    [
        .. Enumerable.Range(0, count)
            .Select(i => services.Sensors.Add(TestSensors.Create(new SensorId(city, $"loc-{i:D3}", "weather")))),
    ];
}
