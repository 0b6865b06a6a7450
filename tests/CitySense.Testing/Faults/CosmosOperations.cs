using Microsoft.Azure.Cosmos;

namespace CitySense.Testing.Faults;

/// <summary>Tells which <see cref="CosmosOperation"/> a request of the SDK's pipeline is.</summary>
public static class CosmosOperations
{
    public static CosmosOperation Classify(RequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri?.OriginalString ?? string.Empty;
        return Classify(
            request.Method.Method,
            path,
            isQuery: request.Headers["x-ms-documentdb-isquery"] is not null || request.Headers["x-ms-cosmos-is-query-plan-request"] is not null,
            isUpsert: string.Equals(request.Headers["x-ms-documentdb-is-upsert"], "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Classifies by HTTP method and resource path. Documents are addressed as <c>dbs/d/colls/c/docs/id</c>; creates
    /// and queries are POSTed to the container (<c>dbs/d/colls/c</c>) or its feed (<c>…/docs</c>).
    /// </summary>
    public static CosmosOperation Classify(string method, string path, bool isQuery, bool isUpsert)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('?', 2)[0].Trim('/').Split('/');
        var onDocument = segments.Length >= 2 && segments[^2] == "docs";
        var onDocumentFeed = segments[^1] == "docs";
        var onContainer = segments.Length >= 2 && segments[^2] == "colls";
        return (method.ToUpperInvariant(), onDocument, onDocumentFeed || onContainer) switch
        {
            ("GET", true, _) => CosmosOperation.Read,
            ("PATCH", true, _) => CosmosOperation.Patch,
            ("PUT", true, _) => CosmosOperation.Replace,
            ("DELETE", true, _) => CosmosOperation.Delete,
            ("POST", _, true) when isQuery => CosmosOperation.Query,
            ("POST", _, true) when isUpsert => CosmosOperation.Replace,
            ("POST", _, true) => CosmosOperation.Create,
            ("GET", _, true) when onDocumentFeed => CosmosOperation.Query,
            _ => CosmosOperation.Metadata,
        };
    }
}
