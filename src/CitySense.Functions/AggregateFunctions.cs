using CitySense.Core.Aggregates;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.Functions.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CitySense.Functions;

/// <summary>
/// Aggregates over HTTP: one sensor's buckets per interval (JSON or CSV) and the summary of the latest readings near a
/// point or in a city.
/// </summary>
public sealed class AggregateFunctions(AggregateService aggregates, LatestSummaryService summaries, TimeProvider clock, IOptions<ReadingOptions> options)
{
    /// <summary>The aggregate route answers JSON or CSV by the Accept header (without <c>format</c>).</summary>
    private const string VaryByAccept = "Accept";

    [Function(nameof(GetReadingAggregates))]
    public async Task<Results<Cacheable<WithHeaders<Ok<PageResponse<AggregateBucketResponse>>>>, Cacheable<WithHeaders<AggregateCsvResult>>, ProblemResult>> GetReadingAggregates(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "sensors/{sensorId}/readings/aggregate")] HttpRequest request,
        string sensorId,
        CancellationToken cancellationToken)
    {
        var caller = CallerHeaders.Read(request);
        var csv = HistoryParameters.WantsCsv(request);
        var query = AggregateParameters.Parse(sensorId, request.Query);
        if (!caller.Succeeded || !csv.Succeeded || !query.Succeeded)
        {
            return ProblemResults.For(caller.Problem ?? csv.Problem ?? query.Problem!, request);
        }

        var outcome = await aggregates.ListAsync(query.Value, cancellationToken);
        if (!outcome.Succeeded)
        {
            return ProblemResults.For(outcome.Problem, request);
        }

        var interval = query.Value.Interval;
        var page = PageResults.Page(outcome.Value, bucket => AggregateBucketResponse.From(bucket, interval), request);
        var freshness = Freshness.ForAggregates(query.Value.To, clock.GetUtcNow(), TimeSpan.FromSeconds(options.Value.AggregateSettleSeconds));
        if (!csv.Value)
        {
            return page.Validated(request, freshness, VaryByAccept);
        }

        var rows = new AggregateCsvResult(page.Result.Value!.Items).WithoutHeaders();
        if (page.Header("Link") is { } link)
        {
            rows = rows.WithHeader("Link", link);
        }

        return rows.Validated(request, freshness, VaryByAccept);
    }

    [Function(nameof(GetLatestSummary))]
    public async Task<Results<Cacheable<Ok<LatestSummaryResponse>>, ProblemResult>> GetLatestSummary(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "readings/latest/summary")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = CallerHeaders.Read(request);
        if (!caller.Succeeded)
        {
            return ProblemResults.For(caller.Problem, request);
        }

        var outcome = await LatestSummaryParameters.Parse(request.Query)
            .ThenAsync(query => summaries.SummarizeAsync(query, cancellationToken));
        return outcome.Succeeded
            ? CacheableResults.Ok(LatestSummaryResponse.From(outcome.Value), request, Freshness.Latest)
            : ProblemResults.For(outcome.Problem, request);
    }
}
