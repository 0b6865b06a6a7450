using System.Text.Json;
using CitySense.Core.Geo;
using CitySense.Core.Readings;

namespace CitySense.Core.Subscriptions;

/// <summary>Whether a stored reading is one a subscription asked for: every criterion of its filter holds.</summary>
public static class SubscriptionMatcher
{
    public static bool Matches(SubscriptionFilter filter, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(reading);
        var sensorId = reading.SensorId;
        if ((filter.SensorIds is { } ids && !ids.Contains(sensorId.ToString()))
            || (filter.City is { } city && city != sensorId.City)
            || (filter.Type is { } type && type != sensorId.Type)
            || (filter.Near is { } near && filter.RadiusMeters is { } radius && Distance.Meters(near, reading.Coordinates) > radius))
        {
            return false;
        }

        if (filter.Conditions.Count == 0)
        {
            return true;
        }

        return filter.Match == ConditionMatch.All
            ? filter.Conditions.All(condition => Holds(condition, reading.Payload))
            : filter.Conditions.Any(condition => Holds(condition, reading.Payload));
    }

    /// <summary>A field that is missing or not a number never meets a condition (not even <c>ne</c>).</summary>
    private static bool Holds(PayloadCondition condition, JsonElement payload)
    {
        var value = payload;
        foreach (var name in condition.Field.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            return false;
        }

        return condition.Op switch
        {
            ConditionOperator.Gt => number > condition.Value,
            ConditionOperator.Gte => number >= condition.Value,
            ConditionOperator.Lt => number < condition.Value,
            ConditionOperator.Lte => number <= condition.Value,
            ConditionOperator.Eq => number == condition.Value,
            _ => number != condition.Value,
        };
    }
}
