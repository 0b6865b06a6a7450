using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CitySense.Functions;

namespace CitySense.ClientTests.Support;

/// <summary>
/// Names the documented operation of each request the host receives (method and path template of the served
/// document), whichever client sent it, so a scenario can prove it called every operation.
/// </summary>
public sealed class OperationRecorder
{
    private static readonly string[] Methods = ["get", "put", "post", "delete"];

    private readonly ConcurrentDictionary<string, int> called = new(StringComparer.Ordinal);

    private readonly List<(string Method, Regex Path, int Literals, string OperationId)> operations = ReadOperations();

    /// <summary>Every operationId of the document.</summary>
    public IReadOnlyList<string> Documented => [.. operations.Select(operation => operation.OperationId).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The operationIds called so far.</summary>
    public IReadOnlyList<string> Called => [.. called.Keys.Order(StringComparer.Ordinal)];

    public void Record(string method, string path)
    {
        var match = operations
            .Where(operation => operation.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && operation.Path.IsMatch(path))
            .OrderByDescending(operation => operation.Literals)
            .Select(operation => operation.OperationId)
            .FirstOrDefault();
        if (match is not null)
        {
            called.AddOrUpdate(match, 1, (_, count) => count + 1);
        }
    }

    private static List<(string, Regex, int, string)> ReadOperations()
    {
        var document = JsonNode.Parse(OpenApiDocument.Embedded.JsonText)!;
        var server = document["servers"]![0]!["url"]!.GetValue<string>().TrimEnd('/');
        return [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(operation => Methods.Contains(operation.Key))
            .Select(operation =>
            {
                var segments = path.Key.Split('/');
                var pattern = string.Join('/', segments.Select(segment =>
                    segment.StartsWith('{') ? "[^/]+" : Regex.Escape(segment)));
                return (operation.Key, new Regex($"^{Regex.Escape(server)}{pattern}$"), segments.Count(segment => !segment.StartsWith('{')),
                    operation.Value!["operationId"]!.GetValue<string>());
            }))];
    }
}
