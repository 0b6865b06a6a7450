using CitySense.Core.Sensors;

namespace CitySense.Core.Geo;

/// <summary>
/// Position in a near listing: the last (distance, sensor id) returned, which listing it came from, and the query,
/// which the next request must repeat.
/// </summary>
public sealed record NearCursor(
    NearListing Listing,
    string After,
    double Distance,
    double Lat,
    double Lon,
    double Radius,
    string? City,
    string? Type,
    SensorStatus? Status)
{
    public static NearCursor Following(NearListing listing, Nearby<Sensor> last, NearQuery query)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(query);
        return new NearCursor(
            listing,
            last.Item.Id.ToString(),
            last.DistanceMeters,
            query.Center.Lat,
            query.Center.Lon,
            query.RadiusMeters,
            query.Filter.City,
            query.Filter.Type,
            query.Filter.Status);
    }

    public bool Matches(NearListing listing, NearQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Listing == listing
            && Lat.Equals(query.Center.Lat) && Lon.Equals(query.Center.Lon) && Radius.Equals(query.RadiusMeters)
            && City == query.Filter.City && Type == query.Filter.Type && Status == query.Filter.Status;
    }
}
