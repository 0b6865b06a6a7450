using CitySense.Core.Subscriptions;

namespace CitySense.Functions.Contracts;

/// <summary>A subscription's filter as the API returns it: the fields of the request that set it.</summary>
public sealed record SubscriptionFilterResponse(
    IReadOnlyList<string>? SensorIds,
    string? City,
    string? Type,
    SubscriptionNearResponse? Near,
    IReadOnlyList<PayloadCondition>? Conditions,
    ConditionMatch Match)
{
    public static SubscriptionFilterResponse From(SubscriptionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new SubscriptionFilterResponse(
            filter.SensorIds,
            filter.City,
            filter.Type,
            filter.Near is { } near && filter.RadiusMeters is { } radius ? new SubscriptionNearResponse(near.Lat, near.Lon, radius) : null,
            filter.Conditions.Count == 0 ? null : filter.Conditions,
            filter.Match);
    }
}
