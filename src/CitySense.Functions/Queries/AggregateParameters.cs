using CitySense.Core;
using CitySense.Core.Aggregates;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Queries;

/// <summary>The route and query string of <c>GET /sensors/{sensorId}/readings/aggregate</c>.</summary>
public static class AggregateParameters
{
    public static Outcome<AggregateQuery> Parse(string? sensorId, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        if (!SensorId.TryParse(sensorId, out var id))
        {
            errors.Add("sensorId", SensorId.Rule);
        }

        string? intervalText = query["interval"];
        AggregateInterval? interval = null;
        if (intervalText is null)
        {
            errors.Add("interval", "is required; " + AggregateInterval.Rule);
        }
        else if (!AggregateInterval.TryParse(intervalText, out interval))
        {
            errors.Add("interval", AggregateInterval.Rule);
        }

        var from = QueryValues.Time(query["from"], "from", errors);
        var to = QueryValues.Time(query["to"], "to", errors);
        if (from > to)
        {
            errors.Add("from", "must not be after 'to'");
        }

        var fields = QueryValues.Fields(query["fields"], errors);
        var limit = QueryValues.Limit(query["limit"], ApiLimits.DefaultAggregatePageSize, ApiLimits.MaxAggregatePageSize, errors);
        return errors.Any || interval is null
            ? errors.ToProblem()
            : new AggregateQuery(id, interval, from, to, fields, limit, query["cursor"]);
    }
}
