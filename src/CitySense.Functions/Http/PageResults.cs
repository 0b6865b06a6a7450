using CitySense.Core.Paging;
using CitySense.Functions.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace CitySense.Functions.Http;

/// <summary>Pages of a listing as the API sends them: <c>{items, nextCursor}</c> and a <c>Link: rel="next"</c>.</summary>
public static class PageResults
{
    /// <summary>
    /// Query parameters that carry credentials: the Functions host's key (<c>code</c>) and API Management's
    /// subscription key (<c>subscription-key</c>), and the bearer token some clients put in URLs.
    /// </summary>
    public static readonly IReadOnlySet<string> CredentialParameters =
        new HashSet<string>(["code", "subscription-key", "access_token"], StringComparer.OrdinalIgnoreCase);

    public static WithHeaders<Ok<PageResponse<TResponse>>> Page<T, TResponse>(Page<T> page, Func<T, TResponse> toResponse, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(request);
        var body = TypedResults.Ok(new PageResponse<TResponse>([.. page.Items.Select(toResponse)], page.NextCursor));
        if (page.NextCursor is not { } nextCursor)
        {
            return body.WithoutHeaders();
        }

        // The next page repeats the query, except the cursor and any credential: a Link header is seen by proxies,
        // caches and logs, and a key a client put in its URL must not travel on in ours.
        var query = request.Query
            .Where(pair => !pair.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase) && !CredentialParameters.Contains(pair.Key))
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("cursor", (string?)nextCursor));
        var next = QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
        return body.WithHeader("Link", $"<{next}>; rel=\"next\"");
    }
}
