using CitySense.Core;
using CitySense.Core.Geo;
using CitySense.Core.Sensors;
using CitySense.Functions.Queries;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Queries;

public sealed class LatestNearParametersTests
{
    [Fact]
    public void Parse_NearOnly_UsesTheDefaultRadiusAndPageSize()
    {
        var parsed = LatestNearParameters.Parse(QueryStrings.Parse("?near=29.76,-95.37"));

        Assert.Equal(
            new NearQuery(new Coordinates(29.76, -95.37), GeoRules.DefaultRadiusMeters, new SensorFilter(null, null, null), ApiLimits.DefaultLatestNearPageSize),
            parsed.Value);
    }

    [Fact]
    public void Parse_Everything_PassesItOnTyped()
    {
        var parsed = LatestNearParameters.Parse(QueryStrings.Parse("?near=29.76,-95.37&radius=300&type=air_quality&limit=200&cursor=abc"));

        Assert.Equal(
            new NearQuery(new Coordinates(29.76, -95.37), 300, new SensorFilter(null, "air_quality", null), 200, "abc"),
            parsed.Value);
    }

    [Fact]
    public void Parse_CityAndStatus_AreNotFiltersOfThisListing()
    {
        var parsed = LatestNearParameters.Parse(QueryStrings.Parse("?near=29.76,-95.37&city=houston&status=inactive"));

        Assert.Equal(new SensorFilter(null, null, null), parsed.Value!.Filter);
    }

    [Fact]
    public void Parse_NoNear_ReturnsValidationSayingItIsRequired()
    {
        var parsed = LatestNearParameters.Parse(QueryStrings.Parse("?radius=300"));

        var problem = ProblemAssert.Validation(parsed, "near");
        Assert.Equal("is required", problem.Errors!["near"][0]);
    }

    [Theory]
    [InlineData("?near=29.76,-95.37&limit=201", "limit")]
    [InlineData("?near=29.76,-95.37&limit=0", "limit")]
    [InlineData("?near=29.76,-95.37&radius=-5", "radius")]
    [InlineData("?near=29.76,-95.37&type=Weather", "type")]
    [InlineData("?near=-91,0", "near")]
    public void Parse_InvalidValue_ReturnsValidationNamingIt(string query, string field)
    {
        var parsed = LatestNearParameters.Parse(QueryStrings.Parse(query));

        ProblemAssert.Validation(parsed, field);
    }
}
