using CitySense.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace CitySense.Functions.Http;

/// <summary>Helpers that keep function bodies to parse → call → map.</summary>
public static class ApiResults
{
    public static IActionResult Map<T>(this Outcome<T> outcome, HttpRequest request, Func<T, IActionResult> onSuccess) =>
        outcome.Succeeded ? onSuccess(outcome.Value) : ProblemResults.For(outcome.Problem, request);

    public static ApiResult Ok(object body) => new(StatusCodes.Status200OK, body);

    /// <summary>A page of results, with a <c>Link: rel="next"</c> header when there is a next page.</summary>
    public static ApiResult Page(object body, string? nextCursor, HttpRequest request)
    {
        var result = Ok(body);
        if (nextCursor is not null)
        {
            var query = request.Query
                .Where(pair => !pair.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
                .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
                .Append(KeyValuePair.Create("cursor", (string?)nextCursor));
            var next = QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
            result.WithHeader("Link", $"<{next}>; rel=\"next\"");
        }

        return result;
    }
}
