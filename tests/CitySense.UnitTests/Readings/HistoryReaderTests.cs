using CitySense.Core.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Readings;

public sealed class HistoryReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now);
    private readonly Sensor sensor;

    public HistoryReaderTests()
    {
        sensor = services.AddSensor();
    }

    [Fact]
    public async Task ReadAsync_SeveralMonths_WalksBucketsNewestFirstAndYieldsNewestFirst()
    {
        var january = Add("jan", "2026-01-10T00:00:00Z");
        var marchLate = Add("mar-2", "2026-03-10T00:00:00Z");
        var february = Add("feb", "2026-02-10T00:00:00Z");
        var marchEarly = Add("mar-1", "2026-03-01T00:00:00Z");

        var read = await ReadAsync("2026-01-01T00:00:00Z", Now);

        Assert.Equal([marchLate, marchEarly, february, january], read);
        Assert.Equal([Bucket(2026, 3), Bucket(2026, 2), Bucket(2026, 1)], services.ReadingListings.Select(call => call.Bucket));
    }

    [Fact]
    public async Task ReadAsync_AcrossTheYear_StepsFromJanuaryToDecember()
    {
        var december = Add("dec", "2025-12-31T23:59:59Z");

        var read = await ReadAsync("2025-12-01T00:00:00Z", Time("2026-01-15T00:00:00Z"));

        Assert.Equal([december], read);
        Assert.Equal([Bucket(2026, 1), Bucket(2025, 12)], services.ReadingListings.Select(call => call.Bucket));
    }

    [Fact]
    public async Task ReadAsync_FloorInAMonth_StopsAtThatMonthAndPassesTheFloorToTheStore()
    {
        Add("jan", "2026-01-10T00:00:00Z");
        var february = Add("feb", "2026-02-10T00:00:00Z");
        Add("feb-early", "2026-02-01T00:00:00Z");

        var read = await ReadAsync("2026-02-05T00:00:00Z", Now);

        Assert.Equal([february], read);
        Assert.Equal([Bucket(2026, 3), Bucket(2026, 2)], services.ReadingListings.Select(call => call.Bucket));
        Assert.All(services.ReadingListings, call => Assert.Equal(Timestamps.Format(Time("2026-02-05T00:00:00Z")), call.From));
    }

    [Fact]
    public async Task ReadAsync_EndFarInTheFuture_StartsInTheMonthOfNow()
    {
        var reading = Add("a", "2026-03-14T00:00:00Z");

        var read = await ReadAsync("2026-03-01T00:00:00Z", Time("2100-01-01T00:00:00Z"));

        Assert.Equal([reading], read);
        Assert.Equal(Bucket(2026, 3), Assert.Single(services.ReadingListings).Bucket);
    }

    [Fact]
    public async Task ReadAsync_NowWithinFiveMinutesOfTheMonthsEnd_StartsInTheNextMonth()
    {
        var endOfMonth = new DateTimeOffset(2026, 3, 31, 23, 57, 0, TimeSpan.Zero);
        var late = new TestServices(endOfMonth);
        var target = late.AddSensor();
        var early = late.AddReading(target, "early", new DateTimeOffset(2026, 4, 1, 0, 1, 0, TimeSpan.Zero));

        var read = await ToListAsync(late.HistoryReader.ReadAsync(
            target, SortKeys.StartOf(endOfMonth.AddDays(-1)), SortKeys.EndOf(Time("2100-01-01T00:00:00Z")), endOfMonth, 10, CancellationToken.None));

        Assert.Equal([early], read);
        Assert.Equal(
            [new ReadingBucket(target.Id, target.Incarnation, 2026, 4), new ReadingBucket(target.Id, target.Incarnation, 2026, 3)],
            late.ReadingListings.Select(call => call.Bucket));
    }

    [Fact]
    public async Task ReadAsync_MaxItems_AsksForNoMoreAndStopsOnceReached()
    {
        Add("a", "2026-03-03T00:00:00Z");
        Add("b", "2026-03-02T00:00:00Z");
        Add("c", "2026-02-02T00:00:00Z");

        var read = await ReadAsync("2025-01-01T00:00:00Z", Now, maxItems: 2);

        Assert.Equal(["a", "b"], read.Select(r => r.Id));
        var call = Assert.Single(services.ReadingListings);
        Assert.Equal(2, call.Take);
    }

    [Fact]
    public async Task ReadAsync_FullStorePage_ContinuesInTheSameBucketBeforeItsLastKey()
    {
        var start = Time("2026-03-01T00:00:00Z");
        for (var i = 0; i < HistoryReader.StorePageSize + 5; i++)
        {
            services.AddReading(sensor, $"r{i:D5}", start.AddSeconds(i));
        }

        var read = await ReadAsync("2026-03-01T00:00:00Z", Now, maxItems: 2000);

        Assert.Equal(HistoryReader.StorePageSize + 5, read.Count);
        Assert.Equal(read.Count, read.Select(r => r.Id).Distinct().Count());
        var calls = services.ReadingListings;
        Assert.Equal((Bucket(2026, 3), HistoryReader.StorePageSize), (calls[0].Bucket, calls[0].Take));
        Assert.Equal((Bucket(2026, 3), read[HistoryReader.StorePageSize - 1].SortKey), (calls[1].Bucket, calls[1].Before));
        Assert.Equal(1000, calls[1].Take);
    }

    [Fact]
    public async Task ReadAsync_BeforeKey_IsExclusive()
    {
        var older = Add("older", "2026-03-01T00:00:00Z");
        var at = Add("at", "2026-03-02T00:00:00Z");

        var read = await ToListAsync(services.HistoryReader.ReadAsync(
            sensor, SortKeys.StartOf(Time("2026-01-01T00:00:00Z")), at.SortKey, Now, 10, CancellationToken.None));

        Assert.Equal([older], read);
    }

    [Theory]
    [InlineData("not-a-key", "2026-03-01T00:00:00.0000000Z")]
    [InlineData("2026-03-01T00:00:00.0000000Z", "")]
    public async Task ReadAsync_KeyThatIsNotASortKey_YieldsNothingAndAsksNothing(string fromKey, string beforeKey)
    {
        Add("a", "2026-03-01T00:00:00Z");

        var read = await ToListAsync(services.HistoryReader.ReadAsync(sensor, fromKey, beforeKey, Now, 10, CancellationToken.None));

        Assert.Empty(read);
        Assert.Empty(services.ReadingListings);
    }

    [Fact]
    public async Task ReadAsync_ReadingsOfAnEarlierIncarnation_AreNotRead()
    {
        var earlier = sensor with { Incarnation = TestSensors.NewToken() };
        services.AddReading(earlier, "old-life", Time("2026-03-01T00:00:00Z"));

        var read = await ReadAsync("2026-01-01T00:00:00Z", Now);

        Assert.Empty(read);
    }

    [Fact]
    public async Task FindNewestAsync_Readings_ReturnsTheNewestAtOrAfterTheFloor()
    {
        Add("older", "2026-02-01T00:00:00Z");
        var newest = Add("newest", "2026-03-15T12:04:00Z");

        var found = await services.HistoryReader.FindNewestAsync(sensor, SortKeys.StartOf(Time("2026-01-01T00:00:00Z")), Now, CancellationToken.None);

        Assert.Same(newest, found);
    }

    [Fact]
    public async Task FindNewestAsync_NothingAtOrAfterTheFloor_ReturnsNull()
    {
        Add("older", "2026-02-01T00:00:00Z");

        var found = await services.HistoryReader.FindNewestAsync(sensor, SortKeys.StartOf(Time("2026-02-02T00:00:00Z")), Now, CancellationToken.None);

        Assert.Null(found);
    }

    private async Task<List<Reading>> ReadAsync(string from, DateTimeOffset before, int maxItems = 100) =>
        await ToListAsync(services.HistoryReader.ReadAsync(sensor, SortKeys.StartOf(Time(from)), SortKeys.EndOf(before), Now, maxItems, CancellationToken.None));

    private static async Task<List<Reading>> ToListAsync(IAsyncEnumerable<Reading> readings)
    {
        var list = new List<Reading>();
        await foreach (var reading in readings)
        {
            list.Add(reading);
        }

        return list;
    }

    private Reading Add(string id, string timestamp) => services.AddReading(sensor, id, Time(timestamp));

    private ReadingBucket Bucket(int year, int month) => new(sensor.Id, sensor.Incarnation, year, month);

    private static DateTimeOffset Time(string text)
    {
        Assert.True(Timestamps.TryParse(text, out var time));
        return time;
    }
}
