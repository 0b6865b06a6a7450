using CitySense.Core;
using CitySense.Core.Paging;
using CitySense.Core.Readings;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>Readings of one sensor over HTTP: ingest, latest and history.</summary>
public sealed class ReadingFunctions(ReadingService readings)
{
    [Function(nameof(IngestReading))]
    public async Task<IActionResult> IngestReading(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sensors/{sensorId}/readings")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<IngestReadingRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return ProblemResults.For(body.Problem, request);
        }

        var outcome = await readings.IngestAsync(sensorId, body.Value, cancellationToken);
        return outcome.Map(request, result => new ApiResult(
            result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            ReadingResponse.From(result.Reading)));
    }

    [Function(nameof(GetLatestReading))]
    public async Task<IActionResult> GetLatestReading(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings/latest")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var outcome = await readings.GetLatestAsync(sensorId, cancellationToken);
        return outcome.Map(request, reading => ApiResults.Ok(ReadingResponse.From(reading)));
    }

    [Function(nameof(ListReadings))]
    public async Task<IActionResult> ListReadings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var query = new ReadingListQuery
        {
            From = request.Query["from"],
            To = request.Query["to"],
            Limit = request.Query["limit"],
            Cursor = request.Query["cursor"],
        };
        var outcome = await readings.ListAsync(sensorId, query, cancellationToken);
        return outcome.Map(request, page => ApiResults.Page(
            new PageResponse<ReadingResponse>([.. page.Items.Select(ReadingResponse.From)], page.NextCursor),
            page.NextCursor,
            request));
    }
}
