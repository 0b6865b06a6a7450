using YamlDotNet.RepresentationModel;

namespace CitySense.ContractTests.Support;

/// <summary>One operation of the OpenAPI document, e.g. "get /sensors/{sensorId} GetSensor".</summary>
/// <param name="Method">Lower-case HTTP method, as the document writes it.</param>
/// <param name="Path">Path template relative to the server URL (/api).</param>
/// <param name="OperationId">The operation's id, which names the C# function.</param>
/// <param name="Anonymous">True when the operation lifts the API key requirement (<c>security: []</c>).</param>
internal sealed record DocumentedOperation(string Method, string Path, string? OperationId, bool Anonymous)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public override string ToString() => $"{Method} {Path} {OperationId ?? "(no operationId)"}";

    /// <summary>Reads the operations of an OpenAPI 3 document in YAML, in document order.</summary>
    public static IReadOnlyList<DocumentedOperation> Read(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var operations = new List<DocumentedOperation>();
        foreach (var (pathNode, pathItem) in (YamlMappingNode)root.Children[new YamlScalarNode("paths")])
        {
            foreach (var (methodNode, operationNode) in (YamlMappingNode)pathItem)
            {
                var method = ((YamlScalarNode)methodNode).Value!;
                if (!Methods.Contains(method, StringComparer.Ordinal))
                {
                    continue;
                }

                var operation = (YamlMappingNode)operationNode;
                var operationId = operation.Children.TryGetValue(new YamlScalarNode("operationId"), out var id)
                    ? ((YamlScalarNode)id).Value
                    : null;
                var anonymous = operation.Children.TryGetValue(new YamlScalarNode("security"), out var security)
                    && security is YamlSequenceNode { Children.Count: 0 };
                operations.Add(new DocumentedOperation(method, ((YamlScalarNode)pathNode).Value!, operationId, anonymous));
            }
        }

        return operations;
    }
}
