using CitySense.Core;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Queries;

/// <summary>
/// The route and query string of <c>GET /sensors/{sensorId}/readings</c> (a history page) and of
/// <c>GET /sensors/{sensorId}/readings.csv</c> (a range to export; also the list route's <c>format=csv</c> alias).
/// </summary>
public static class HistoryParameters
{
    public static Outcome<HistoryQuery> ParsePage(string? sensorId, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var (id, from, to) = ReadRange(sensorId, query, errors);
        var limit = QueryValues.Limit(query["limit"], ApiLimits.DefaultReadingPageSize, ApiLimits.MaxReadingPageSize, errors);
        return errors.Any ? errors.ToProblem() : new HistoryQuery(id, from, to, limit, query["cursor"]);
    }

    public static Outcome<ReadingRange> ParseRange(string? sensorId, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var (id, from, to) = ReadRange(sensorId, query, errors);
        return errors.Any ? errors.ToProblem() : new ReadingRange(id, from, to);
    }

    /// <summary>
    /// Whether the client asked for CSV: <c>format=csv</c> (or <c>json</c>) wins; otherwise an Accept header that
    /// names text/csv.
    /// </summary>
    public static Outcome<bool> WantsCsv(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Query["format"].ToString() is not { Length: > 0 } format)
        {
            return request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
        }

        if (format.Equals("csv", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return format.Equals("json", StringComparison.OrdinalIgnoreCase) ? false : Problem.Validation("format", "must be 'json' or 'csv'");
    }

    private static (SensorId Id, DateTimeOffset? From, DateTimeOffset? To) ReadRange(string? sensorId, IQueryCollection query, ValidationErrors errors)
    {
        if (!SensorId.TryParse(sensorId, out var id))
        {
            errors.Add("sensorId", SensorId.Rule);
        }

        var from = QueryValues.Time(query["from"], "from", errors);
        var to = QueryValues.Time(query["to"], "to", errors);
        if (from > to)
        {
            errors.Add("from", "must not be after 'to'");
        }

        return (id, from, to);
    }
}
