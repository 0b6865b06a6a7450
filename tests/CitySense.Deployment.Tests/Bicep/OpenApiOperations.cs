using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>Lists the operations of an OpenAPI 3 document (YAML).</summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static IReadOnlyList<OpenApiOperation> Read(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var paths = (YamlMappingNode)root.Children[new YamlScalarNode("paths")];

        var operations = new List<OpenApiOperation>();
        foreach (var (pathNode, pathItem) in paths.Children)
        {
            foreach (var (methodNode, operation) in ((YamlMappingNode)pathItem).Children)
            {
                var method = ((YamlScalarNode)methodNode).Value!;
                if (!Methods.Contains(method, StringComparer.Ordinal))
                {
                    continue;
                }

                // "security: []" on an operation lifts the document's security requirement.
                var anonymous = ((YamlMappingNode)operation).Children.TryGetValue(new YamlScalarNode("security"), out var security)
                    && security is YamlSequenceNode { Children.Count: 0 };
                operations.Add(new OpenApiOperation(method.ToUpperInvariant(), ((YamlScalarNode)pathNode).Value!, anonymous));
            }
        }

        return operations;
    }
}
