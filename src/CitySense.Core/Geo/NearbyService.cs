using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;

namespace CitySense.Core.Geo;

/// <summary>
/// What is near a point, nearest first: sensors (<c>GET /sensors?near=</c>) and the latest reading of each sensor
/// (<c>GET /readings/latest</c>). One store query per page; the near cursor is owned here.
/// </summary>
public sealed class NearbyService(ISensorStore sensors)
{
    public Task<Outcome<Page<Nearby<Sensor>>>> ListSensorsAsync(NearQuery query, CancellationToken cancellationToken) =>
        ListAsync(NearListing.Sensors, query, cancellationToken);

    /// <summary>Sensors near the point that have a reading, each with its latest reading loaded.</summary>
    public Task<Outcome<Page<Nearby<Sensor>>>> ListLatestReadingsAsync(NearQuery query, CancellationToken cancellationToken) =>
        ListAsync(NearListing.LatestReadings, query, cancellationToken);

    private async Task<Outcome<Page<Nearby<Sensor>>>> ListAsync(NearListing listing, NearQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        NearCursor? cursor = null;
        if (query.Cursor is not null)
        {
            if (!CursorCodec.TryDecode(query.Cursor, out cursor) || !SensorId.TryParse(cursor.After, out _))
            {
                return Problem.Validation("cursor", "is not a cursor returned by this listing");
            }

            if (!cursor.Matches(listing, query))
            {
                return Problem.Validation("cursor", "belongs to a listing with other parameters; repeat the same query with the cursor");
            }
        }

        var candidates = await sensors.ListNearAsync(
            query.Center,
            NearPaging.InnerRadius(cursor?.Distance),
            NearPaging.OuterRadius(query.RadiusMeters),
            query.Filter,
            withLatest: listing == NearListing.LatestReadings,
            cancellationToken);
        var found = NearPaging.Page(candidates, query.Center, query.RadiusMeters, cursor?.Distance, cursor?.After, query.Limit + 1);
        var page = found.Take(query.Limit).ToList();
        var next = found.Count > query.Limit ? CursorCodec.Encode(NearCursor.Following(listing, page[^1], query)) : null;
        return new Page<Nearby<Sensor>>(page, next);
    }
}
