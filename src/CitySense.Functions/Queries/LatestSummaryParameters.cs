using CitySense.Core.Aggregates;
using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Queries;

/// <summary>The query string of <c>GET /readings/latest/summary</c>: <c>near</c> (and <c>radius</c>) or <c>city</c>.</summary>
public static class LatestSummaryParameters
{
    public static Outcome<LatestSummaryQuery> Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        string? nearText = query["near"];
        string? city = query["city"];
        Coordinates? near = null;
        if (nearText is null == city is null)
        {
            errors.Add(nearText is null ? "near" : "city", "give either 'near' (with an optional 'radius') or 'city', not both");
        }
        else if (nearText is not null)
        {
            near = QueryValues.Near(nearText, errors);
        }
        else
        {
            city = QueryValues.Slug(city, "city", errors);
        }

        if (city is not null && query["radius"].Count > 0)
        {
            errors.Add("radius", "applies with 'near' only");
        }

        var radius = QueryValues.Radius(query["radius"], errors);
        var type = QueryValues.Slug(query["type"], "type", errors);
        var fields = QueryValues.Fields(query["fields"], errors);
        return errors.Any ? errors.ToProblem() : new LatestSummaryQuery(near, radius, city, type, fields);
    }
}
