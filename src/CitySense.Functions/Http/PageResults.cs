using CitySense.Core.Paging;
using CitySense.Functions.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace CitySense.Functions.Http;

/// <summary>Pages of a listing as the API sends them: <c>{items, nextCursor}</c> and a <c>Link: rel="next"</c>.</summary>
public static class PageResults
{
    public static WithHeaders<Ok<PageResponse<TResponse>>> Page<T, TResponse>(Page<T> page, Func<T, TResponse> toResponse, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(request);
        var body = TypedResults.Ok(new PageResponse<TResponse>([.. page.Items.Select(toResponse)], page.NextCursor));
        if (page.NextCursor is not { } nextCursor)
        {
            return body.WithoutHeaders();
        }

        var query = request.Query
            .Where(pair => !pair.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("cursor", (string?)nextCursor));
        var next = QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
        return body.WithHeader("Link", $"<{next}>; rel=\"next\"");
    }
}
