using CitySense.Core;
using CitySense.Core.Geo;
using CitySense.Core.Sensors;
using CitySense.Functions.Queries;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Queries;

public sealed class SensorListParametersTests
{
    [Fact]
    public void Parse_Nothing_ListsEverySensorInPagesOfTheDefaultSize()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse(string.Empty));

        Assert.Equal(new SensorListQuery(new SensorFilter(null, null, null), ApiLimits.DefaultSensorPageSize), parsed.Value!.List);
        Assert.Null(parsed.Value.Near);
    }

    [Fact]
    public void Parse_Filters_PassesThemOnTyped()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse("?city=houston&type=air_quality&status=inactive&limit=1000&cursor=abc"));

        Assert.Equal(
            new SensorListQuery(new SensorFilter("houston", "air_quality", SensorStatus.Inactive), 1000, "abc"),
            parsed.Value!.List);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("+5")]
    [InlineData("%205")]
    [InlineData("99999999999")]
    public void Parse_InvalidLimit_ReturnsValidationForLimit(string limit)
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse($"?limit={limit}"));

        ProblemAssert.Validation(parsed, "limit");
    }

    [Theory]
    [InlineData("?city=Houston", "city")]
    [InlineData("?type=air%20quality", "type")]
    [InlineData("?status=Active", "status")]
    [InlineData("?status=deleted", "status")]
    public void Parse_InvalidFilter_ReturnsValidationNamingIt(string query, string field)
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse(query));

        ProblemAssert.Validation(parsed, field);
    }

    [Fact]
    public void Parse_SeveralInvalidValues_NamesEachOfThem()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse("?city=Houston&status=gone&limit=0"));

        Assert.Equal(["city", "limit", "status"], parsed.Problem!.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_Near_ReturnsANearQueryWithTheSameFilterLimitAndCursor()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse("?near=29.76,-95.37&radius=2500&city=houston&limit=5&cursor=abc"));

        var filter = new SensorFilter("houston", null, null);
        Assert.Equal(new NearQuery(new Coordinates(29.76, -95.37), 2500, filter, 5, "abc"), parsed.Value!.Near);
        Assert.Equal(new SensorListQuery(filter, 5, "abc"), parsed.Value.List);
    }

    [Fact]
    public void Parse_NearWithoutRadius_UsesTheDefaultRadius()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse("?near=29.76,-95.37"));

        Assert.Equal(GeoRules.DefaultRadiusMeters, parsed.Value!.Near!.RadiusMeters);
    }

    [Fact]
    public void Parse_RadiusWithoutNear_ReturnsValidationForRadius()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse("?radius=100"));

        ProblemAssert.Validation(parsed, "radius");
    }

    [Fact]
    public void Parse_NearAndBbox_ReturnsValidationForBbox()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse("?near=29.76,-95.37&bbox=-96,29,-95,30"));

        ProblemAssert.Validation(parsed, "bbox");
    }

    [Fact]
    public void Parse_Bbox_FiltersTheListingByTheBox()
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse("?bbox=-96,29,-95,30"));

        Assert.Equal(new BoundingBox(-96, 29, -95, 30), parsed.Value!.List.Filter.Box);
        Assert.Null(parsed.Value.Near);
    }

    [Theory]
    [InlineData("?near=91,0", "near")]
    [InlineData("?near=29.76", "near")]
    [InlineData("?near=29.76,-95.37&radius=0", "radius")]
    [InlineData("?near=29.76,-95.37&radius=50001", "radius")]
    [InlineData("?bbox=-96,29,-95", "bbox")]
    public void Parse_InvalidGeoValue_ReturnsValidationNamingIt(string query, string field)
    {
        var parsed = SensorListParameters.Parse(QueryStrings.Parse(query));

        ProblemAssert.Validation(parsed, field);
    }
}
