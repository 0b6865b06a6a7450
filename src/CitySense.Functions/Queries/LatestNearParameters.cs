using CitySense.Core;
using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Queries;

/// <summary>The query string of <c>GET /readings/latest</c>: the latest readings near a point.</summary>
public static class LatestNearParameters
{
    public static Outcome<NearQuery> Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        string? nearText = query["near"];
        Coordinates? near = null;
        if (nearText is null)
        {
            errors.Add("near", "is required");
        }
        else
        {
            near = QueryValues.Near(nearText, errors);
        }

        var radius = QueryValues.Radius(query["radius"], errors);
        var type = QueryValues.Slug(query["type"], "type", errors);
        var limit = QueryValues.Limit(query["limit"], ApiLimits.DefaultLatestNearPageSize, ApiLimits.MaxLatestNearPageSize, errors);
        if (errors.Any || near is null)
        {
            return errors.ToProblem();
        }

        return new NearQuery(near, radius, new SensorFilter(null, type, null), limit, query["cursor"]);
    }
}
