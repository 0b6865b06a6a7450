using CitySense.Core;
using CitySense.Core.Access;
using CitySense.Core.Audit;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Queries;

/// <summary>The query string of <c>GET /audit</c>.</summary>
public static class AuditParameters
{
    public static Outcome<AuditQuery> Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var city = QueryValues.Slug(query["city"], "city", errors);
        string? sensorId = query["sensorId"];
        if (sensorId is not null && !SensorId.TryParse(sensorId, out _))
        {
            errors.Add("sensorId", SensorId.Rule);
        }

        string? callerId = query["callerId"];
        if (callerId is not null && !Caller.IsValidId(callerId))
        {
            errors.Add("callerId", Caller.IdRule);
        }

        var from = QueryValues.Time(query["from"], "from", errors);
        var to = QueryValues.Time(query["to"], "to", errors);
        if (from > to)
        {
            errors.Add("from", "must not be after 'to'");
        }

        var limit = QueryValues.Limit(query["limit"], ApiLimits.DefaultAuditPageSize, ApiLimits.MaxAuditPageSize, errors);
        return errors.Any ? errors.ToProblem() : new AuditQuery(city, sensorId, callerId, from, to, limit, query["cursor"]);
    }
}
