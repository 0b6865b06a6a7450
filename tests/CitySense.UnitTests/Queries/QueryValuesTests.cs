using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using CitySense.Functions.Queries;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Queries;

public sealed class QueryValuesTests
{
    [Fact]
    public void SensorId_ThreeSlugs_ReturnsTheId()
    {
        var outcome = QueryValues.SensorId("houston.clay_st.weather");

        Assert.Equal(new SensorId("houston", "clay_st", "weather"), outcome.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("houston.clay_st")]
    [InlineData("Houston.clay_st.weather")]
    [InlineData("houston.clay/st.weather")]
    [InlineData("houston.clay_st.weather?x=1")]
    [InlineData("houston.clay_st.weather#top")]
    [InlineData("houston.clay\\st.weather")]
    [InlineData("houston.clay_st.weather.extra")]
    [InlineData("houston/clay_st/weather")]
    public void SensorId_InvalidValue_ReturnsValidationForSensorId(string? value)
    {
        var outcome = QueryValues.SensorId(value);

        var problem = ProblemAssert.Validation(outcome, "sensorId");
        Assert.Equal(SensorId.Rule, problem.Errors!["sensorId"][0]);
    }

    [Theory]
    [InlineData(null, 50)]
    [InlineData("", 50)]
    [InlineData("1", 1)]
    [InlineData("1000", 1000)]
    public void Limit_AbsentOrInRange_ReturnsItOrTheDefault(string? text, int expected)
    {
        var errors = new ValidationErrors();

        var limit = QueryValues.Limit(text, 50, 1000, errors);

        Assert.Equal(expected, limit);
        Assert.False(errors.Any);
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
    public void Limit_NotAWholeNumberInRange_AddsAnErrorForLimit(string text)
    {
        var errors = new ValidationErrors();

        var limit = QueryValues.Limit(text, 50, 1000, errors);

        Assert.Equal(50, limit);
        var problem = ProblemAssert.Validation<int>(errors.ToProblem(), "limit");
        Assert.Equal("must be a whole number from 1 to 1000", problem.Errors!["limit"][0]);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("houston", "houston")]
    public void Slug_AbsentOrValid_ReturnsIt(string? text, string? expected)
    {
        var errors = new ValidationErrors();

        var slug = QueryValues.Slug(text, "city", errors);

        Assert.Equal(expected, slug);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("Houston")]
    [InlineData("air quality")]
    [InlineData("")]
    [InlineData("houston\n")]
    public void Slug_Invalid_AddsAnErrorUnderTheFieldName(string text)
    {
        var errors = new ValidationErrors();

        var slug = QueryValues.Slug(text, "type", errors);

        Assert.Null(slug);
        ProblemAssert.Validation<string>(errors.ToProblem(), "type");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("active", SensorStatus.Active)]
    [InlineData("inactive", SensorStatus.Inactive)]
    public void Status_AbsentOrKnown_ReturnsIt(string? text, SensorStatus? expected)
    {
        var errors = new ValidationErrors();

        var status = QueryValues.Status(text, errors);

        Assert.Equal(expected, status);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("Active")]
    [InlineData("deleted")]
    [InlineData("")]
    public void Status_Unknown_AddsAnErrorForStatus(string text)
    {
        var errors = new ValidationErrors();

        var status = QueryValues.Status(text, errors);

        Assert.Null(status);
        ProblemAssert.Validation<string>(errors.ToProblem(), "status");
    }

    [Fact]
    public void Time_WithOffset_ReturnsTheUtcInstant()
    {
        var errors = new ValidationErrors();

        var time = QueryValues.Time("2026-01-31T14:00:00+02:00", "from", errors);

        Assert.Equal(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), time);
        Assert.Equal(TimeSpan.Zero, time!.Value.Offset);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("2026-03-01T00:00:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Time_WithoutOffset_AddsTheRuleUnderTheFieldName(string text)
    {
        var errors = new ValidationErrors();

        var time = QueryValues.Time(text, "to", errors);

        Assert.Null(time);
        var problem = ProblemAssert.Validation<string>(errors.ToProblem(), "to");
        Assert.Equal(QueryValues.TimeRule, problem.Errors!["to"][0]);
    }

    [Theory]
    [InlineData("29.7604,-95.3698", 29.7604, -95.3698)]
    [InlineData(" 29.7604 , -95.3698 ", 29.7604, -95.3698)]
    [InlineData("-90,180", -90, 180)]
    [InlineData("1e1,2", 10, 2)]
    public void Near_LatCommaLon_ReturnsTheCoordinates(string text, double lat, double lon)
    {
        var errors = new ValidationErrors();

        var near = QueryValues.Near(text, errors);

        Assert.Equal(new Coordinates(lat, lon), near);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("29.7604")]
    [InlineData("29.7604,-95.3698,1")]
    [InlineData("north,west")]
    [InlineData("NaN,1")]
    [InlineData("Infinity,1")]
    [InlineData("90.1,0")]
    [InlineData("0,-180.1")]
    [InlineData("29,7604;-95,3698")]
    public void Near_NotTwoNumbersInRange_AddsAnErrorForNear(string? text)
    {
        var errors = new ValidationErrors();

        var near = QueryValues.Near(text, errors);

        Assert.Null(near);
        ProblemAssert.Validation<string>(errors.ToProblem(), "near");
    }

    [Fact]
    public void Near_LongerThan200Characters_AddsAnErrorForNear()
    {
        var errors = new ValidationErrors();

        var near = QueryValues.Near("1," + new string('0', 199) + "1", errors);

        Assert.Null(near);
        Assert.True(errors.Any);
    }

    [Theory]
    [InlineData(null, GeoRules.DefaultRadiusMeters)]
    [InlineData("", GeoRules.DefaultRadiusMeters)]
    [InlineData("0.5", 0.5)]
    [InlineData("50000", 50000)]
    public void Radius_AbsentOrInRange_ReturnsItOrTheDefault(string? text, double expected)
    {
        var errors = new ValidationErrors();

        var radius = QueryValues.Radius(text, errors);

        Assert.Equal(expected, radius);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("50000.1")]
    [InlineData("far")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Radius_NotAPositiveNumberUpToTheMaximum_AddsTheRuleForRadius(string text)
    {
        var errors = new ValidationErrors();

        var radius = QueryValues.Radius(text, errors);

        Assert.Equal(GeoRules.DefaultRadiusMeters, radius);
        var problem = ProblemAssert.Validation<string>(errors.ToProblem(), "radius");
        Assert.Equal(GeoRules.RadiusRule, problem.Errors!["radius"][0]);
    }

    [Fact]
    public void Box_FourNumbers_ReturnsTheBox()
    {
        var errors = new ValidationErrors();

        var box = QueryValues.Box("-95.5,29.5,-95.0,30.0", errors);

        Assert.Equal(new BoundingBox(-95.5, 29.5, -95.0, 30.0), box);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,2,3")]
    [InlineData("-95.0,29.5,-95.5,30.0")] // min > max
    [InlineData("179,0,181,1")] // beyond ±180
    [InlineData("-100,20,-94,30")] // more than 5 degrees wide
    [InlineData("a,b,c,d")]
    public void Box_InvalidBox_AddsAnErrorForBbox(string text)
    {
        var errors = new ValidationErrors();

        var box = QueryValues.Box(text, errors);

        Assert.Null(box);
        ProblemAssert.Validation<string>(errors.ToProblem(), "bbox");
    }
}
