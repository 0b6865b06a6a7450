using CitySense.Core;
using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Queries;

/// <summary>
/// The query string of <c>GET /sensors</c>: a listing in id order (<see cref="List"/>), or, with <c>near</c>, a
/// listing by distance (<see cref="Near"/>).
/// </summary>
public sealed record SensorListParameters(SensorListQuery List, NearQuery? Near)
{
    public static Outcome<SensorListParameters> Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var city = QueryValues.Slug(query["city"], "city", errors);
        var type = QueryValues.Slug(query["type"], "type", errors);
        var status = QueryValues.Status(query["status"], errors);
        var limit = QueryValues.Limit(query["limit"], ApiLimits.DefaultSensorPageSize, ApiLimits.MaxSensorPageSize, errors);
        string? nearText = query["near"];
        string? radiusText = query["radius"];
        string? boxText = query["bbox"];
        string? cursor = query["cursor"];
        Coordinates? near = null;
        var radius = GeoRules.DefaultRadiusMeters;
        BoundingBox? box = null;
        if (nearText is not null && boxText is not null)
        {
            errors.Add("bbox", "cannot be combined with 'near'");
        }
        else if (nearText is not null)
        {
            near = QueryValues.Near(nearText, errors);
            radius = QueryValues.Radius(radiusText, errors);
        }
        else if (boxText is not null)
        {
            box = QueryValues.Box(boxText, errors);
        }

        if (radiusText is not null && nearText is null)
        {
            errors.Add("radius", "needs 'near'");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var filter = new SensorFilter(city, type, status, box);
        return new SensorListParameters(
            new SensorListQuery(filter, limit, cursor),
            near is null ? null : new NearQuery(near, radius, filter, limit, cursor));
    }
}
