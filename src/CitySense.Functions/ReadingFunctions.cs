using CitySense.Core;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Functions.Contracts;
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
        if (request.Query["format"].ToString() is { Length: > 0 } format
            && !format.Equals("csv", StringComparison.OrdinalIgnoreCase) && !format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return ProblemResults.For(Problem.Validation("format", "must be 'json' or 'csv'"), request);
        }

        if (WantsCsv(request))
        {
            var export = await readings.ExportAsync(sensorId, query, cancellationToken);
            return export.Map(request, value => new CsvExportResult(value));
        }

        var outcome = await readings.ListAsync(sensorId, query, cancellationToken);
        return outcome.Map(request, page => ApiResults.Page(
            new PageResponse<ReadingResponse>([.. page.Items.Select(ReadingResponse.From)], page.NextCursor),
            page.NextCursor,
            request));
    }

    [Function(nameof(IngestReadingBatch))]
    public async Task<IActionResult> IngestReadingBatch(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "readings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<BatchIngestRequest>(request, ApiLimits.MaxBatchBodyBytes, cancellationToken);
        if (!body.Succeeded)
        {
            return ProblemResults.For(body.Problem, request);
        }

        var outcome = await readings.IngestBatchAsync(body.Value, cancellationToken);
        return outcome.Map(request, items =>
        {
            var results = items.Select(item => new BatchItemResult(
                item.Index,
                item.SensorId,
                item.Problem is not null ? "error" : item.Result!.Created ? "created" : "duplicate",
                item.Result is { } stored ? ReadingResponse.From(stored.Reading) : null,
                item.Problem is { } problem ? ProblemResults.Document(problem, request) : null)).ToList();
            return ApiResults.Ok(new BatchIngestResponse(
                results,
                results.Count(r => r.Status == "created"),
                results.Count(r => r.Status == "duplicate"),
                results.Count(r => r.Status == "error")));
        });
    }

    [Function(nameof(ListLatestNear))]
    public async Task<IActionResult> ListLatestNear(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "readings/latest")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new LatestNearQuery
        {
            Near = request.Query["near"],
            Radius = request.Query["radius"],
            Type = request.Query["type"],
            Limit = request.Query["limit"],
            Cursor = request.Query["cursor"],
        };
        var outcome = await readings.ListLatestNearAsync(query, cancellationToken);
        return outcome.Map(request, page => ApiResults.Page(
            new PageResponse<LatestNearItem>([.. page.Items.Select(LatestNearItem.From)], page.NextCursor),
            page.NextCursor,
            request));
    }

    /// <summary>format=csv wins; otherwise an Accept header that names text/csv.</summary>
    private static bool WantsCsv(HttpRequest request) =>
        request.Query["format"].ToString() is { Length: > 0 } format
            ? format.Equals("csv", StringComparison.OrdinalIgnoreCase)
            : request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
