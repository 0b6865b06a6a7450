using CitySense.Core.Geo;
using CitySense.Core.Paging;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Geo;

public sealed class NearbyServiceTests
{
    private static readonly Coordinates Center = new(29.7604, -95.3698);
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);

    // Each test searches its own city, so that no two tests share data.
    private readonly string city = "city-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task ListSensorsAsync_SensorsAround_ReturnsThoseWithinTheRadiusNearestFirstWithTheirDistance()
    {
        var second = AddAt(0.004);
        var first = AddAt(0.001);
        AddAt(0.05);

        var outcome = await services.NearbyService.ListSensorsAsync(Query(radius: 1000), CancellationToken.None);

        var page = outcome.Value!;
        Assert.Equal([first.Id, second.Id], page.Items.Select(found => found.Item.Id));
        Assert.Equal(Distance.Meters(Center, first.Coordinates), page.Items[0].DistanceMeters);
        Assert.InRange(page.Items[0].DistanceMeters, 110, 112);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListSensorsAsync_OnePage_CostsOneStoreQuery()
    {
        AddAt(0.001);

        await services.NearbyService.ListSensorsAsync(Query(), CancellationToken.None);

        Assert.Equal(["ListNear"], services.Sensors.Calls);
    }

    [Fact]
    public async Task ListSensorsAsync_Filter_ReturnsOnlySensorsThatPassIt()
    {
        var active = AddAt(0.001);
        AddAt(0.002, SensorStatus.Inactive);
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city, "traffic"), coordinates: Offset(0.001)));

        var query = Query() with { Filter = new SensorFilter(city, "weather", SensorStatus.Active) };
        var outcome = await services.NearbyService.ListSensorsAsync(query, CancellationToken.None);

        Assert.Equal(active.Id, Assert.Single(outcome.Value!.Items).Item.Id);
    }

    [Fact]
    public async Task ListSensorsAsync_PagingToTheEnd_ReturnsEverySensorOnceNearestFirstTiesById()
    {
        // Three sensors at one point, so ties break by id, also across a page boundary.
        Sensor[] sensors =
        [
            AddAt(0.003, location: "e"), AddAt(0.001, location: "c"), AddAt(0.001, location: "a"), AddAt(0.002, location: "d"), AddAt(0.001, location: "b"),
        ];
        var seen = new List<SensorId>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await services.NearbyService.ListSensorsAsync(Query(limit: 2) with { Cursor = cursor }, CancellationToken.None);
            Assert.True(page.Succeeded, page.Problem?.Detail);
            seen.AddRange(page.Value.Items.Select(found => found.Item.Id));
            cursor = page.Value.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(["a", "b", "c", "d", "e"], seen.Select(id => id.Location));
        Assert.Equal(3, pages);
        Assert.Equal(sensors.Length, seen.Distinct().Count());
    }

    [Fact]
    public async Task ListLatestReadingsAsync_SensorsWithAndWithoutReadings_ReturnsOnlyThoseWithOneLoaded()
    {
        var latest = TestReadings.Latest("r-1", Now.AddMinutes(-1));
        var withReading = services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), coordinates: Offset(0.002), latest: latest));
        AddAt(0.001);

        var outcome = await services.NearbyService.ListLatestReadingsAsync(Query(), CancellationToken.None);

        var found = Assert.Single(outcome.Value!.Items);
        Assert.Equal(withReading.Id, found.Item.Id);
        Assert.Same(latest, found.Item.Latest);
    }

    [Fact]
    public async Task ListSensorsAsync_SensorWithAReading_ListsItsTimestampNotTheReading()
    {
        var latest = TestReadings.Latest("r-1", Now.AddMinutes(-1));
        services.Sensors.Add(TestSensors.Create(TestSensors.NewId(city), coordinates: Offset(0.001), latest: latest));

        var outcome = await services.NearbyService.ListSensorsAsync(Query(), CancellationToken.None);

        var found = Assert.Single(outcome.Value!.Items);
        Assert.Null(found.Item.Latest);
        Assert.Equal(latest.Timestamp, found.Item.LatestReadingAt);
    }

    [Fact]
    public async Task ListLatestReadingsAsync_CursorOfTheSensorListing_IsRefused()
    {
        var cursor = await FirstPageCursorAsync(latest: true, (query, ct) => services.NearbyService.ListSensorsAsync(query, ct));

        var outcome = await services.NearbyService.ListLatestReadingsAsync(Query(limit: 1) with { Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    [Fact]
    public async Task ListSensorsAsync_CursorOfTheLatestReadingsListing_IsRefused()
    {
        var cursor = await FirstPageCursorAsync(latest: true, (query, ct) => services.NearbyService.ListLatestReadingsAsync(query, ct));

        var outcome = await services.NearbyService.ListSensorsAsync(Query(limit: 1) with { Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListSensorsAsync_CursorWithTheSameQuery_IsAccepted()
    {
        var cursor = await FirstPageCursorAsync(latest: false, (query, ct) => services.NearbyService.ListSensorsAsync(query, ct));

        var outcome = await services.NearbyService.ListSensorsAsync(Query(limit: 1) with { Cursor = cursor }, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
        Assert.Single(outcome.Value.Items);
    }

    [Theory]
    [InlineData("radius")]
    [InlineData("center")]
    [InlineData("type")]
    public async Task ListSensorsAsync_CursorWithAChangedQuery_IsRefused(string changed)
    {
        var cursor = await FirstPageCursorAsync(latest: false, (query, ct) => services.NearbyService.ListSensorsAsync(query, ct));
        var query = Query(limit: 1) with { Cursor = cursor };
        query = changed switch
        {
            "radius" => query with { RadiusMeters = 999 },
            "center" => query with { Center = Offset(0.0001) },
            _ => query with { Filter = query.Filter with { Type = "traffic" } },
        };

        var outcome = await services.NearbyService.ListSensorsAsync(query, CancellationToken.None);

        var problem = ProblemAssert.Validation(outcome, "cursor");
        Assert.Contains("other parameters", problem.Errors!["cursor"][0], StringComparison.Ordinal);
        Assert.Empty(services.Sensors.Calls);
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("e30")] // {}
    public async Task ListSensorsAsync_GarbageCursor_IsRefused(string cursor)
    {
        var outcome = await services.NearbyService.ListSensorsAsync(Query() with { Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(services.Sensors.Calls);
    }

    [Fact]
    public async Task ListSensorsAsync_CursorWhosePositionIsNotASensorId_IsRefused()
    {
        var query = Query();
        var cursor = CursorCodec.Encode(new NearCursor(
            NearListing.Sensors, "not an id", 10, Center.Lat, Center.Lon, query.RadiusMeters, city, null, null));

        var outcome = await services.NearbyService.ListSensorsAsync(query with { Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    private NearQuery Query(double radius = 1000, int limit = 10) => new(Center, radius, new SensorFilter(city, null, null), limit);

    /// <summary>Two sensors near the centre, and the cursor after the first page of one.</summary>
    private async Task<string> FirstPageCursorAsync(
        bool latest,
        Func<NearQuery, CancellationToken, Task<CitySense.Core.Problems.Outcome<Page<Nearby<Sensor>>>>> list)
    {
        foreach (var north in new[] { 0.001, 0.002 })
        {
            services.Sensors.Add(TestSensors.Create(
                TestSensors.NewId(city), coordinates: Offset(north), latest: latest ? TestReadings.Latest("r", Now) : null));
        }

        var first = await list(Query(limit: 1), CancellationToken.None);
        services.ResetCalls();
        return first.Value!.NextCursor!;
    }

    private Sensor AddAt(double north, SensorStatus status = SensorStatus.Active, string? location = null) =>
        services.Sensors.Add(TestSensors.Create(
            location is null ? TestSensors.NewId(city) : new SensorId(city, location, "weather"), status, Offset(north)));

    private static Coordinates Offset(double north) => new(Center.Lat + north, Center.Lon);
}
