using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using CitySense.UnitTests.Functions.Webhooks;

namespace CitySense.UnitTests.Subscriptions;

public sealed class SubscriptionMatcherTests
{
    private static readonly PayloadCondition Pm25Above35 = new("pm25", ConditionOperator.Gt, 35);
    private static readonly PayloadCondition WindBelow1 = new("wind.speedMs", ConditionOperator.Lt, 1);

    public static TheoryData<SubscriptionFilter, bool> Filters => new()
    {
        { new SubscriptionFilter { City = "austin" }, true },
        { new SubscriptionFilter { City = "houston" }, false },
        { new SubscriptionFilter { Type = "air_quality", SensorIds = ["austin.lamar_blvd.air_quality"] }, true },
        { new SubscriptionFilter { SensorIds = ["austin.other.air_quality"] }, false },
        { new SubscriptionFilter { Near = new Coordinates(30.2672, -97.7531), RadiusMeters = 1_000 }, true },
        { new SubscriptionFilter { Near = new Coordinates(30.2672, -97.7531), RadiusMeters = 900 }, false },
        { new SubscriptionFilter { Conditions = [Pm25Above35] }, true },
        { new SubscriptionFilter { Conditions = [Pm25Above35, WindBelow1] }, false },
        { new SubscriptionFilter { Conditions = [Pm25Above35, WindBelow1], Match = ConditionMatch.Any }, true },
        { new SubscriptionFilter { Conditions = [new PayloadCondition("wind.speedMs", ConditionOperator.Eq, 3)] }, true },
        { new SubscriptionFilter { Conditions = [new PayloadCondition("no2", ConditionOperator.Ne, 1)] }, false },
        { new SubscriptionFilter { Conditions = [new PayloadCondition("wind", ConditionOperator.Gte, 0)] }, false },
        { new SubscriptionFilter { City = "houston", Conditions = [Pm25Above35] }, false },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Matches_Filter_EveryCriterionMustHold(SubscriptionFilter filter, bool expected)
    {
        Assert.Equal(expected, SubscriptionMatcher.Matches(filter, TestSubscriptions.Reading()));
    }
}
