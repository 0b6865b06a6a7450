using CitySense.Core.Geo;
using CitySense.Core.Paging;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Geo;

public sealed class NearCursorTests
{
    private static readonly NearQuery Query = new(
        new Coordinates(29.7604, -95.3698), 2500, new SensorFilter("houston", "weather", SensorStatus.Active), 10, "old");

    [Fact]
    public void Following_LastFound_HoldsItsPositionAndTheQuery()
    {
        var last = new Nearby<Sensor>(TestSensors.Create(new SensorId("houston", "clay_st", "weather")), 123.45);

        var cursor = NearCursor.Following(NearListing.Sensors, last, Query);

        Assert.Equal(
            new NearCursor(NearListing.Sensors, "houston.clay_st.weather", 123.45, 29.7604, -95.3698, 2500, "houston", "weather", SensorStatus.Active),
            cursor);
    }

    [Fact]
    public void Matches_SameListingAndQuery_IsTrueWhateverTheLimitAndCursor()
    {
        var cursor = Following(NearListing.LatestReadings);

        var matches = cursor.Matches(NearListing.LatestReadings, Query with { Limit = 50, Cursor = null });

        Assert.True(matches);
    }

    [Theory]
    [InlineData(NearListing.Sensors, NearListing.LatestReadings)]
    [InlineData(NearListing.LatestReadings, NearListing.Sensors)]
    public void Matches_TheOtherListing_IsFalse(NearListing issuedBy, NearListing usedWith)
    {
        var cursor = Following(issuedBy);

        var matches = cursor.Matches(usedWith, Query);

        Assert.False(matches);
    }

    public static TheoryData<string, NearQuery> ChangedQueries() => new()
    {
        { "latitude", Query with { Center = Query.Center with { Lat = 29.7605 } } },
        { "longitude", Query with { Center = Query.Center with { Lon = -95.3697 } } },
        { "radius", Query with { RadiusMeters = 2501 } },
        { "city", Query with { Filter = Query.Filter with { City = "dallas" } } },
        { "no city", Query with { Filter = Query.Filter with { City = null } } },
        { "type", Query with { Filter = Query.Filter with { Type = "traffic" } } },
        { "status", Query with { Filter = Query.Filter with { Status = SensorStatus.Inactive } } },
        { "no status", Query with { Filter = Query.Filter with { Status = null } } },
    };

    [Theory]
    [MemberData(nameof(ChangedQueries))]
    public void Matches_ChangedQuery_IsFalse(string changed, NearQuery query)
    {
        var cursor = Following(NearListing.Sensors);

        var matches = cursor.Matches(NearListing.Sensors, query);

        Assert.False(matches, changed);
    }

    [Fact]
    public void Encode_ThenTryDecode_ReturnsAnEqualCursor()
    {
        var cursor = Following(NearListing.LatestReadings);

        var decoded = CursorCodec.TryDecode<NearCursor>(CursorCodec.Encode(cursor), out var roundTripped);

        Assert.True(decoded);
        Assert.Equal(cursor, roundTripped);
    }

    private static NearCursor Following(NearListing listing) =>
        NearCursor.Following(listing, new Nearby<Sensor>(TestSensors.Create(TestSensors.NewId()), 10), Query);
}
