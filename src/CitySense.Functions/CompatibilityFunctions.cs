using CitySense.Core;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>
/// The two routes of the system CitySense replaces, kept for its clients. Differences: an unknown sensor is 404
/// (it was 401), and errors are problem documents.
/// </summary>
public sealed class CompatibilityFunctions(IngestService ingest, HistoryService history)
{
    [Function(nameof(LegacyIngestReading))]
    public async Task<Results<Ok<LegacyIngestResponse>, ProblemResult>> LegacyIngestReading(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/{sensorType}/{city}/{location}")] HttpRequest request,
        string sensorType,
        string city,
        string location,
        CancellationToken cancellationToken)
    {
        // The old clients sent JSON without a JSON content type (curl -d); any content type is accepted here.
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => ToSensorId(sensorType, city, location)
                .ThenAsync(id => RequestBody.ReadJsonAsync<LegacyIngestRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken, requireJsonContentType: false)
                    .ThenAsync(body => ingest.IngestAsync(caller, id, new ReadingDraft { Payload = body.Payload }, cancellationToken))));
        return outcome.ToResult(request, result => TypedResults.Ok(new LegacyIngestResponse(result.Reading.Timestamp)));
    }

    [Function(nameof(LegacyGetLatestReading))]
    public async Task<Results<Cacheable<Ok<LegacyReadingResponse>>, ProblemResult>> LegacyGetLatestReading(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/{sensorType}/{city}/{location}")] HttpRequest request,
        string sensorType,
        string city,
        string location,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(_ => ToSensorId(sensorType, city, location).ThenAsync(id => history.GetLatestAsync(id, cancellationToken)));
        return outcome.ToResult(request, reading => CacheableResults.Ok(LegacyReadingResponse.From(reading), request, Freshness.Latest));
    }

    private static Outcome<SensorId> ToSensorId(string sensorType, string city, string location) =>
        SensorId.TryCreate(city, location, sensorType, out var id)
            ? id
            : Problem.Validation("path", "sensorType, city and location " + Slug.Rule);
}
