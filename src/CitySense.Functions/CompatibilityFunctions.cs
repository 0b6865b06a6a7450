using CitySense.Core;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>
/// The two routes of the system CitySense replaces, kept for its clients. Differences: an unknown sensor is 404
/// (it was 401), and errors are problem documents.
/// </summary>
public sealed class CompatibilityFunctions(ReadingService readings)
{
    [Function(nameof(LegacyIngestReading))]
    public async Task<IActionResult> LegacyIngestReading(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/{sensorType}/{city}/{location}")] HttpRequest request,
        string sensorType,
        string city,
        string location,
        CancellationToken cancellationToken)
    {
        if (ToSensorId(sensorType, city, location) is not { } sensorId)
        {
            return ProblemResults.For(InvalidPath(), request);
        }

        // The old clients sent JSON without a JSON content type (curl -d); any content type is accepted here.
        var body = await RequestBody.ReadJsonAsync<LegacyIngestRequest>(
            request, ApiLimits.MaxBodyBytes, cancellationToken, requireJsonContentType: false);
        if (!body.Succeeded)
        {
            return ProblemResults.For(body.Problem, request);
        }

        var outcome = await readings.IngestAsync(sensorId, new IngestReadingRequest { Payload = body.Value.Payload }, cancellationToken);
        return outcome.Map(request, result => ApiResults.Ok(new LegacyIngestResponse(result.Reading.Timestamp)));
    }

    [Function(nameof(LegacyGetLatestReading))]
    public async Task<IActionResult> LegacyGetLatestReading(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/{sensorType}/{city}/{location}")] HttpRequest request,
        string sensorType,
        string city,
        string location,
        CancellationToken cancellationToken)
    {
        if (ToSensorId(sensorType, city, location) is not { } sensorId)
        {
            return ProblemResults.For(InvalidPath(), request);
        }

        var outcome = await readings.GetLatestAsync(sensorId, cancellationToken);
        return outcome.Map(request, reading => ApiResults.Ok(LegacyReadingResponse.From(reading)));
    }

    private static string? ToSensorId(string sensorType, string city, string location) =>
        SensorId.TryCreate(city, location, sensorType, out var id) ? id.ToString() : null;

    private static Problem InvalidPath() =>
        Problem.Validation("path", "sensorType, city and location " + Slug.Rule);
}
