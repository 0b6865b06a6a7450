using CitySense.Core.Geo;

namespace CitySense.Core.Sensors;

/// <summary>
/// Position in a sensor listing: the last id returned, and the filter it was returned under, which the next request
/// must repeat.
/// </summary>
public sealed record SensorListCursor(string After, string? City, string? Type, SensorStatus? Status, BoundingBox? Box)
{
    public bool Matches(SensorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return City == filter.City && Type == filter.Type && Status == filter.Status && Box == filter.Box;
    }
}
