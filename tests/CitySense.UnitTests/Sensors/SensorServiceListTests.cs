using CitySense.Core;
using CitySense.Core.Paging;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace CitySense.UnitTests.Sensors;

public sealed class SensorServiceListTests
{
    private readonly ISensorStore store = Substitute.For<ISensorStore>();
    private readonly SensorService service;

    public SensorServiceListTests()
    {
        store.ListAsync(Arg.Any<SensorFilter>(), Arg.Any<string?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(Array.Empty<Sensor>());
        service = new SensorService(store, TimeProvider.System, NullLogger<SensorService>.Instance);
    }

    [Fact]
    public async Task ListAsync_NoLimit_FetchesOneMoreThanTheDefault()
    {
        var outcome = await service.ListAsync(new SensorListQuery(), CancellationToken.None);

        Assert.True(outcome.Succeeded);
        await store.Received(1).ListAsync(
            new SensorFilter(null, null, null), null, ApiLimits.DefaultSensorPageSize + 1, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ListAsync_Filters_PassedToTheStore()
    {
        var query = new SensorListQuery { City = "houston", Type = "air_quality", Status = "inactive", Limit = "1000" };

        await service.ListAsync(query, CancellationToken.None);

        await store.Received(1).ListAsync(
            new SensorFilter("houston", "air_quality", SensorStatus.Inactive), null, 1001, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("99999999999")]
    public async Task ListAsync_InvalidLimit_ReturnsValidationForLimit(string limit)
    {
        var outcome = await service.ListAsync(new SensorListQuery { Limit = limit }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "limit");
        Assert.Empty(store.ReceivedCalls());
    }

    [Theory]
    [InlineData("Houston", null, null, "city")]
    [InlineData(null, "air quality", null, "type")]
    [InlineData(null, null, "Active", "status")]
    [InlineData(null, null, "deleted", "status")]
    public async Task ListAsync_InvalidFilter_ReturnsValidationNamingIt(string? city, string? type, string? status, string field)
    {
        var outcome = await service.ListAsync(new SensorListQuery { City = city, Type = type, Status = status }, CancellationToken.None);

        ProblemAssert.Validation(outcome, field);
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task ListAsync_ExactlyOnePage_ReturnsNoCursor()
    {
        var sensors = SensorsInIdOrder(3);
        store.ListAsync(Arg.Any<SensorFilter>(), Arg.Any<string?>(), 4, Arg.Any<CancellationToken>()).Returns(sensors);

        var outcome = await service.ListAsync(new SensorListQuery { Limit = "3" }, CancellationToken.None);

        Assert.Equal(sensors, outcome.Value!.Items.Select(item => item.Sensor));
        Assert.Null(outcome.Value.NextCursor);
    }

    [Fact]
    public async Task ListAsync_MoreThanOnePage_ReturnsLimitItemsAndACursorAfterTheLast()
    {
        var sensors = SensorsInIdOrder(4);
        store.ListAsync(Arg.Any<SensorFilter>(), null, 4, Arg.Any<CancellationToken>()).Returns(sensors);
        var query = new SensorListQuery { City = "houston", Limit = "3" };

        var first = await service.ListAsync(query, CancellationToken.None);
        await service.ListAsync(query with { Cursor = first.Value!.NextCursor }, CancellationToken.None);

        Assert.Equal(sensors.Take(3), first.Value.Items.Select(item => item.Sensor));
        Assert.NotNull(first.Value.NextCursor);
        await store.Received(1).ListAsync(
            new SensorFilter("houston", null, null), sensors[2].Id.ToString(), 4, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("dallas", null, null)]
    [InlineData(null, null, null)]
    [InlineData("houston", "weather", null)]
    [InlineData("houston", null, "active")]
    public async Task ListAsync_CursorFromOtherFilters_ReturnsValidationForCursor(string? city, string? type, string? status)
    {
        var cursor = CursorCodec.Encode(new SensorListCursor("houston.clay_st.weather", "houston", null, null));
        var query = new SensorListQuery { City = city, Type = type, Status = status, Cursor = cursor };

        var outcome = await service.ListAsync(query, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(store.ReceivedCalls());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("!!!")]
    [InlineData("eyJhZnRlciI6IkhPVVNUT04ifQ")] // {"after":"HOUSTON"}: not a sensor id
    [InlineData("eyJhZnRlciI6")] // {"after": cut short
    public async Task ListAsync_GarbageCursor_ReturnsValidationForCursor(string cursor)
    {
        var outcome = await service.ListAsync(new SensorListQuery { Cursor = cursor }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
        Assert.Empty(store.ReceivedCalls());
    }

    [Fact]
    public async Task ListAsync_TamperedCursor_ReturnsValidationForCursor()
    {
        var cursor = CursorCodec.Encode(new SensorListCursor("houston.clay_st.weather", null, null, null));
        var middle = cursor.Length / 2;
        var tampered = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];

        var outcome = await service.ListAsync(new SensorListQuery { Cursor = tampered }, CancellationToken.None);

        ProblemAssert.Validation(outcome, "cursor");
    }

    private static Sensor[] SensorsInIdOrder(int count) =>
        [.. Enumerable.Range(0, count).Select(i => TestSensors.Create(new SensorId("houston", $"loc-{i:D3}-{Guid.NewGuid():N}"[..20], "weather")))];
}
