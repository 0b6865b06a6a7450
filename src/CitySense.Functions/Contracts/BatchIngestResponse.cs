using CitySense.Core.Access;
using CitySense.Core.Readings;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Contracts;

/// <summary>Body of a <c>POST /readings</c> answer: one result per item and the totals.</summary>
public sealed record BatchIngestResponse(IReadOnlyList<BatchItemResult> Results, int Created, int Duplicates, int Errors)
{
    public static BatchIngestResponse From(IReadOnlyList<BatchItemOutcome> outcomes, HttpRequest request, CityAccess visible)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var results = outcomes.Select(item => new BatchItemResult(
            item.Index,
            item.SensorId,
            item.Problem is not null ? "error" : item.Result!.Created ? "created" : "duplicate",
            item.Result is { } stored ? ReadingResponse.From(stored.Reading, visible) : null,
            item.Problem is { } problem ? ProblemResults.Document(problem, request) : null)).ToList();
        return new BatchIngestResponse(
            results,
            results.Count(r => r.Status == "created"),
            results.Count(r => r.Status == "duplicate"),
            results.Count(r => r.Status == "error"));
    }
}
