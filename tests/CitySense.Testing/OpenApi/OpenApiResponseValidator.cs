using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CitySense.Functions;
using Json.Schema;

namespace CitySense.Testing.OpenApi;

/// <summary>
/// Checks HTTP responses against an OpenAPI 3.0 document: the request must match a documented operation (path
/// template and method), the status code must be documented for it, required response headers must be present, the
/// media type must be one the response declares, and a JSON body must validate against its schema (JsonSchema.Net,
/// after <see cref="OpenApiSchemaConverter"/>). Requests outside the document's server path (e.g. /docs) are ignored.
/// Thread-safe; compiled schemas are cached per response.
/// </summary>
public sealed class OpenApiResponseValidator
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonObject document;
    private readonly string basePath;
    private readonly List<DocumentedOperation> operations;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);
    private readonly string schemaBase = "urn:citysense:contract:" + Guid.NewGuid().ToString("N") + ":";

    public OpenApiResponseValidator(JsonObject document)
    {
        this.document = document ?? throw new ArgumentNullException(nameof(document));
        basePath = (document["servers"]?[0]?["url"]?.GetValue<string>() ?? string.Empty).TrimEnd('/');
        operations = ReadOperations(document);
    }

    /// <summary>A validator for the document the app serves (embedded in CitySense.Functions).</summary>
    public static OpenApiResponseValidator ForServedDocument() =>
        new(JsonNode.Parse(OpenApiDocument.Embedded.JsonText)!.AsObject());

    /// <summary>Validates a received response (its request message names method and path). Never throws.</summary>
    public async Task<IReadOnlyList<ContractViolation>> ValidateAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.RequestMessage ?? throw new ArgumentException("The response has no request message.", nameof(response));
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(response));
        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        var status = (int)response.StatusCode;
        var messages = new List<string>();
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            messages.AddRange(Validate(
                request.Method.Method,
                DocumentedPath(request, pathAndQuery),
                status,
                response.Content.Headers.ContentType?.MediaType,
                body,
                name => response.Headers.NonValidated.Contains(name) || response.Content.Headers.NonValidated.Contains(name)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            messages.Add($"could not be validated: {ex.GetType().Name}: {ex.Message}");
        }

        return [.. messages.Select(message => new ContractViolation(request.Method.Method, pathAndQuery, status, message))];
    }

    /// <summary>
    /// The path whose operation documents the response. ListReadings' description documents two aliases of
    /// ExportReadings on its route (<c>format=csv</c>, or <c>Accept: text/csv</c> without <c>format</c>): they answer
    /// as <c>GET /sensors/{sensorId}/readings.csv</c>, so they are checked against that operation.
    /// </summary>
    private static string DocumentedPath(HttpRequestMessage request, string pathAndQuery)
    {
        var parts = pathAndQuery.Split('?', 2);
        var path = parts[0];
        if (request.Method != HttpMethod.Get || !path.EndsWith("/readings", StringComparison.Ordinal) || !path.Contains("/sensors/", StringComparison.Ordinal))
        {
            return path;
        }

        var format = parts.Length > 1
            ? parts[1].Split('&').Select(pair => pair.Split('=', 2)).FirstOrDefault(pair => pair[0] == "format") is { Length: 2 } found ? Uri.UnescapeDataString(found[1]) : null
            : null;
        var csv = format is null
            ? request.Headers.Accept.Any(accept => string.Equals(accept.MediaType, "text/csv", StringComparison.OrdinalIgnoreCase))
            : format.Equals("csv", StringComparison.OrdinalIgnoreCase);
        return csv ? path + ".csv" : path;
    }

    /// <summary>Validates one response; returns what does not match the document (empty when it conforms).</summary>
    /// <param name="method">HTTP method of the request.</param>
    /// <param name="path">Request path as sent (still percent-encoded), without the query.</param>
    /// <param name="status">Response status code.</param>
    /// <param name="mediaType">Response media type without parameters, or null without a body.</param>
    /// <param name="body">Response body text (empty when there is none).</param>
    /// <param name="hasHeader">Whether the response carries a header (case-insensitive name).</param>
    public IReadOnlyList<string> Validate(string method, string path, int status, string? mediaType, string body, Func<string, bool> hasHeader)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(hasHeader);
        if (!path.StartsWith(basePath + "/", StringComparison.Ordinal))
        {
            return [];
        }

        var relative = path[basePath.Length..];
        var candidates = operations.Where(operation => operation.Matches(relative)).ToList();
        if (candidates.Count == 0)
        {
            return [$"no documented path matches '{relative}'"];
        }

        var documented = candidates
            .Where(operation => operation.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(operation => operation.LiteralSegments)
            .FirstOrDefault();
        if (documented is null)
        {
            return [$"{method.ToUpperInvariant()} is not documented for {candidates[0].Path} (documented: {string.Join(", ", candidates.Select(c => c.Method.ToUpperInvariant()))})"];
        }

        var responses = documented.Operation["responses"]?.AsObject() ?? [];
        var statusText = status.ToString(CultureInfo.InvariantCulture);
        var responseNode = responses[statusText] ?? responses[statusText[0] + "XX"] ?? responses["default"];
        if (responseNode is null)
        {
            return [$"status {status} is not documented for {documented.Name} (documented: {string.Join(", ", responses.Select(pair => pair.Key))})"];
        }

        var responseKey = responses.ContainsKey(statusText) ? statusText : responses.ContainsKey(statusText[0] + "XX") ? statusText[0] + "XX" : "default";
        var response = Resolve(responseNode).AsObject();
        var problems = new List<string>();
        CheckHeaders(response, documented, statusText, hasHeader, problems);
        CheckBody(response, documented, responseKey, mediaType, body, problems);
        return problems;
    }

    private void CheckHeaders(JsonObject response, DocumentedOperation documented, string status, Func<string, bool> hasHeader, List<string> problems)
    {
        if (response["headers"] is not JsonObject headers)
        {
            return;
        }

        foreach (var (name, headerNode) in headers)
        {
            // OpenAPI: a Content-Type response header definition is ignored.
            var header = Resolve(headerNode!);
            if (header["required"]?.GetValue<bool>() == true
                && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                && !hasHeader(name))
            {
                problems.Add($"required header {name} is missing ({documented.Name} {status})");
            }
        }
    }

    private void CheckBody(JsonObject response, DocumentedOperation documented, string responseKey, string? mediaType, string body, List<string> problems)
    {
        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            if (body.Length > 0)
            {
                problems.Add($"{documented.Name} {responseKey} is documented without a body, but one was sent ({mediaType ?? "no content type"})");
            }

            return;
        }

        if (body.Length == 0)
        {
            problems.Add($"{documented.Name} {responseKey} is documented with a body ({string.Join(", ", content.Select(pair => pair.Key))}), but none was sent");
            return;
        }

        var declared = content
            .Select(pair => pair.Key)
            .FirstOrDefault(candidate => MediaTypeMatches(candidate, mediaType));
        if (declared is null)
        {
            problems.Add($"content type {mediaType ?? "(none)"} is not documented for {documented.Name} {responseKey} (documented: {string.Join(", ", content.Select(pair => pair.Key))})");
            return;
        }

        if (!IsJson(declared) || content[declared]?["schema"] is not { } schemaNode)
        {
            return;
        }

        JsonElement instance;
        try
        {
            using var parsed = JsonDocument.Parse(body);
            instance = parsed.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            problems.Add($"body is not valid JSON ({declared}): {ex.Message}");
            return;
        }

        var key = $"{documented.Name}:{responseKey}:{declared}";
        var schema = schemas.GetOrAdd(key, _ => Build(schemaNode, key));
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            problems.AddRange(Describe(results).Take(10).Select(error => $"{documented.Name} {responseKey} body: {error}"));
        }
    }

    private JsonSchema Build(JsonNode schema, string key)
    {
        var jsonSchema = OpenApiSchemaConverter.ToJsonSchema(schema, document);
        using var parsed = JsonDocument.Parse(jsonSchema.ToJsonString());
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return JsonSchema.Build(parsed.RootElement.Clone(), options, new Uri(schemaBase + Uri.EscapeDataString(key)));
    }

    private static IEnumerable<string> Describe(EvaluationResults results)
    {
        var nodes = results.Details is { Count: > 0 } details ? details.Prepend(results) : [results];
        foreach (var node in nodes)
        {
            if (node.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in node.Errors)
            {
                var at = node.InstanceLocation.ToString();
                yield return $"{(at.Length == 0 ? "/" : at)}: {message} ({keyword} at {node.EvaluationPath})";
            }
        }
    }

    private JsonNode Resolve(JsonNode node)
    {
        for (var depth = 0; node["$ref"] is JsonValue reference; depth++)
        {
            var pointer = reference.GetValue<string>();
            if (depth > 16 || !pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Cannot resolve reference '{pointer}'.");
            }

            JsonNode? target = document;
            foreach (var segment in pointer[2..].Split('/'))
            {
                target = target?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = target ?? throw new InvalidOperationException($"Reference '{pointer}' points nowhere.");
        }

        return node;
    }

    private static bool MediaTypeMatches(string declared, string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        if (declared.EndsWith("/*", StringComparison.Ordinal))
        {
            return declared == "*/*" || actual.StartsWith(declared[..^1], StringComparison.OrdinalIgnoreCase);
        }

        return MediaTypeHeaderValue.TryParse(declared, out var parsed)
            && string.Equals(parsed.MediaType, actual, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static List<DocumentedOperation> ReadOperations(JsonObject document)
    {
        var found = new List<DocumentedOperation>();
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (Methods.Contains(method, StringComparer.Ordinal) && operation is JsonObject body)
                {
                    found.Add(new DocumentedOperation(path, method, body));
                }
            }
        }

        return found;
    }

    /// <summary>One documented operation and its path template, split into segments.</summary>
    private sealed class DocumentedOperation(string path, string method, JsonObject operation)
    {
        private readonly string[] segments = path.Split('/');

        public string Path => path;

        public string Method => method;

        public JsonObject Operation => operation;

        public string Name => operation["operationId"]?.GetValue<string>() ?? $"{method.ToUpperInvariant()} {path}";

        public int LiteralSegments => segments.Count(segment => !IsParameter(segment));

        /// <summary>Template segments match literally, or any non-empty segment for a <c>{parameter}</c>.</summary>
        public bool Matches(string requestPath)
        {
            var actual = requestPath.Split('/');
            if (actual.Length != segments.Length)
            {
                return false;
            }

            for (var i = 0; i < segments.Length; i++)
            {
                var matches = IsParameter(segments[i])
                    ? actual[i].Length > 0
                    : string.Equals(segments[i], actual[i], StringComparison.Ordinal);
                if (!matches)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
    }
}
