using CitySense.Core;
using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.Functions.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>Readings over HTTP: ingest (single and batch), latest, history and export, and the latest readings near a point.</summary>
public sealed class ReadingFunctions(IngestService ingest, HistoryService history, NearbyService nearby)
{
    [Function(nameof(IngestReading))]
    public async Task<Results<Created<ReadingResponse>, Ok<ReadingResponse>, ProblemResult>> IngestReading(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sensors/{sensorId}/readings")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var outcome = await RequestBody.ReadJsonAsync<IngestReadingRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken)
            .ThenAsync(body => QueryValues.SensorId(sensorId)
                .ThenAsync(id => ingest.IngestAsync(id, body.ToDraft(), cancellationToken)));
        if (!outcome.Succeeded)
        {
            return ProblemResults.For(outcome.Problem, request);
        }

        var reading = ReadingResponse.From(outcome.Value.Reading);
        return outcome.Value.Created ? TypedResults.Created((string?)null, reading) : TypedResults.Ok(reading);
    }

    [Function(nameof(GetLatestReading))]
    public async Task<Results<Ok<ReadingResponse>, ProblemResult>> GetLatestReading(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings/latest")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var outcome = await QueryValues.SensorId(sensorId).ThenAsync(id => history.GetLatestAsync(id, cancellationToken));
        return outcome.ToResult(request, reading => TypedResults.Ok(ReadingResponse.From(reading)));
    }

    /// <summary>
    /// A history page as JSON. <c>format=csv</c>, or <c>Accept: text/csv</c> without <c>format</c>, answers as
    /// <see cref="ExportReadings"/> does: aliases kept for the clients that used them before the export had its own route.
    /// </summary>
    [Function(nameof(ListReadings))]
    public async Task<Results<WithHeaders<Ok<PageResponse<ReadingResponse>>>, CsvExportResult, ProblemResult>> ListReadings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var csv = HistoryParameters.WantsCsv(request);
        if (!csv.Succeeded)
        {
            return ProblemResults.For(csv.Problem, request);
        }

        if (csv.Value)
        {
            var export = await ExportAsync(sensorId, request.Query, cancellationToken);
            return export.Succeeded ? new CsvExportResult(export.Value) : ProblemResults.For(export.Problem, request);
        }

        var page = await HistoryParameters.ParsePage(sensorId, request.Query)
            .ThenAsync(query => history.ListAsync(query, cancellationToken));
        return page.Succeeded
            ? PageResults.Page(page.Value, ReadingResponse.From, request)
            : ProblemResults.For(page.Problem, request);
    }

    /// <summary>The whole <c>from</c>/<c>to</c> range as one streamed CSV file.</summary>
    [Function(nameof(ExportReadings))]
    public async Task<Results<CsvExportResult, ProblemResult>> ExportReadings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings.csv")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var export = await ExportAsync(sensorId, request.Query, cancellationToken);
        return export.Succeeded ? new CsvExportResult(export.Value) : ProblemResults.For(export.Problem, request);
    }

    [Function(nameof(BatchIngestReadings))]
    public async Task<Results<Ok<BatchIngestResponse>, ProblemResult>> BatchIngestReadings(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "readings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var outcome = await RequestBody.ReadJsonAsync<BatchIngestRequest>(request, ApiLimits.MaxBatchBodyBytes, cancellationToken)
            .ThenAsync(body => ingest.IngestBatchAsync(body.ToItems(), cancellationToken));
        return outcome.ToResult(request, items => TypedResults.Ok(BatchIngestResponse.From(items, request)));
    }

    [Function(nameof(ListLatestNear))]
    public async Task<Results<WithHeaders<Ok<PageResponse<LatestNearItem>>>, ProblemResult>> ListLatestNear(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "readings/latest")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var outcome = await LatestNearParameters.Parse(request.Query)
            .ThenAsync(query => nearby.ListLatestReadingsAsync(query, cancellationToken));
        return outcome.ToResult(request, page => PageResults.Page(page, LatestNearItem.From, request));
    }

    private Task<Outcome<ReadingExport>> ExportAsync(string sensorId, IQueryCollection query, CancellationToken cancellationToken) =>
        HistoryParameters.ParseRange(sensorId, query).ThenAsync(range => history.ExportAsync(range, cancellationToken));
}
