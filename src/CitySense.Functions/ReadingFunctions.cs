using CitySense.Core;
using CitySense.Core.Access;
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

/// <summary>
/// Readings over HTTP: ingest (single and batch), latest, history and export, and the latest readings near a point.
/// Reads are cacheable for as long as their <see cref="Freshness"/> says; JSON reads carry an ETag of their body.
/// </summary>
public sealed class ReadingFunctions(IngestService ingest, HistoryService history, NearbyService nearby, AccessPolicy access, TimeProvider clock)
{
    /// <summary>The list route answers JSON or CSV by the Accept header (without <c>format</c>).</summary>
    private const string VaryByAccept = "Accept";

    [Function(nameof(IngestReading))]
    public async Task<Results<Created<ReadingResponse>, Ok<ReadingResponse>, ProblemResult>> IngestReading(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sensors/{sensorId}/readings")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => RequestBody.ReadJsonAsync<IngestReadingRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken)
                .ThenAsync(body => QueryValues.SensorId(sensorId)
                    .ThenAsync(id => ingest.IngestAsync(caller, id, body.ToDraft(), cancellationToken))));
        if (!outcome.Succeeded)
        {
            return ProblemResults.For(outcome.Problem, request);
        }

        // The caller that ingested may see who ingested: itself.
        var reading = ReadingResponse.From(outcome.Value.Reading, CityAccess.Everywhere);
        return outcome.Value.Created ? TypedResults.Created((string?)null, reading) : TypedResults.Ok(reading);
    }

    [Function(nameof(GetLatestReading))]
    public async Task<Results<Cacheable<Ok<ReadingResponse>>, ProblemResult>> GetLatestReading(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings/latest")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var caller = CallerHeaders.Read(request);
        if (!caller.Succeeded)
        {
            return ProblemResults.For(caller.Problem, request);
        }

        var outcome = await QueryValues.SensorId(sensorId).ThenAsync(id => history.GetLatestAsync(id, cancellationToken));
        if (!outcome.Succeeded)
        {
            return ProblemResults.For(outcome.Problem, request);
        }

        var visible = await access.ForCallerIdsAsync(caller.Value, cancellationToken);
        return CacheableResults.Ok(ReadingResponse.From(outcome.Value, visible), request, Freshness.Latest);
    }

    /// <summary>
    /// A history page as JSON. <c>format=csv</c>, or <c>Accept: text/csv</c> without <c>format</c>, answers as
    /// <see cref="ExportReadings"/> does: aliases kept for the clients that used them before the export had its own route.
    /// </summary>
    [Function(nameof(ListReadings))]
    public async Task<Results<Cacheable<WithHeaders<Ok<PageResponse<ReadingResponse>>>>, Cacheable<CsvExportResult>, ProblemResult>> ListReadings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var caller = CallerHeaders.Read(request);
        var csv = HistoryParameters.WantsCsv(request);
        if (!caller.Succeeded || !csv.Succeeded)
        {
            return ProblemResults.For(caller.Problem ?? csv.Problem!, request);
        }

        if (csv.Value)
        {
            var export = await ExportAsync(sensorId, request, VaryByAccept, cancellationToken);
            return export.Succeeded ? export.Value : ProblemResults.For(export.Problem, request);
        }

        var query = HistoryParameters.ParsePage(sensorId, request.Query);
        if (!query.Succeeded)
        {
            return ProblemResults.For(query.Problem, request);
        }

        var page = await history.ListAsync(query.Value, cancellationToken);
        if (!page.Succeeded)
        {
            return ProblemResults.For(page.Problem, request);
        }

        var visible = await access.ForCallerIdsAsync(caller.Value, cancellationToken);
        return PageResults.Page(page.Value, reading => ReadingResponse.From(reading, visible), request)
            .Validated(request, HistoryFreshness(query.Value.To), VaryByAccept);
    }

    /// <summary>The whole <c>from</c>/<c>to</c> range as one streamed CSV file.</summary>
    [Function(nameof(ExportReadings))]
    public async Task<Results<Cacheable<CsvExportResult>, ProblemResult>> ExportReadings(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings.csv")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var export = await ExportAsync(sensorId, request, vary: null, cancellationToken);
        return export.ToResult(request, csv => csv);
    }

    [Function(nameof(BatchIngestReadings))]
    public async Task<Results<Ok<BatchIngestResponse>, ProblemResult>> BatchIngestReadings(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "readings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => RequestBody.ReadJsonAsync<BatchIngestRequest>(request, ApiLimits.MaxBatchBodyBytes, cancellationToken)
                .ThenAsync(body => ingest.IngestBatchAsync(caller, body.ToItems(), cancellationToken)));
        return outcome.ToResult(request, items => TypedResults.Ok(BatchIngestResponse.From(items, request, CityAccess.Everywhere)));
    }

    [Function(nameof(ListLatestNear))]
    public async Task<Results<Cacheable<WithHeaders<Ok<PageResponse<LatestNearItem>>>>, ProblemResult>> ListLatestNear(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "readings/latest")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = CallerHeaders.Read(request);
        if (!caller.Succeeded)
        {
            return ProblemResults.For(caller.Problem, request);
        }

        var outcome = await LatestNearParameters.Parse(request.Query)
            .ThenAsync(query => nearby.ListLatestReadingsAsync(query, cancellationToken));
        if (!outcome.Succeeded)
        {
            return ProblemResults.For(outcome.Problem, request);
        }

        var visible = await access.ForCallerIdsAsync(caller.Value, cancellationToken);
        return PageResults.Page(outcome.Value, found => LatestNearItem.From(found, visible), request).Validated(request, Freshness.Latest);
    }

    /// <summary>
    /// A range as CSV. Streamed as it is read, so it has no ETag (that would need the whole file first): caches keep it
    /// for its freshness and then fetch it again.
    /// </summary>
    private async Task<Outcome<Cacheable<CsvExportResult>>> ExportAsync(
        string sensorId,
        HttpRequest request,
        string? vary,
        CancellationToken cancellationToken)
    {
        var range = HistoryParameters.ParseRange(sensorId, request.Query);
        if (!range.Succeeded)
        {
            return range.Problem;
        }

        var export = await history.ExportAsync(range.Value, cancellationToken);
        return export.Map(rows => new CsvExportResult(rows).Fresh(request, HistoryFreshness(range.Value.To), vary));
    }

    private Freshness HistoryFreshness(DateTimeOffset? to) => Freshness.ForHistory(to, clock.GetUtcNow());
}
