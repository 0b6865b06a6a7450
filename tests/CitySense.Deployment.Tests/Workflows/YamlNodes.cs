using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>Null-tolerant reads from a YamlDotNet mapping.</summary>
public static class YamlNodes
{
    public static YamlNode? Child(YamlMappingNode? mapping, string key) =>
        mapping is not null && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(YamlMappingNode? mapping, string key) =>
        (Child(mapping, key) as YamlScalarNode)?.Value;

    public static YamlMappingNode? Mapping(YamlMappingNode? mapping, string key) =>
        Child(mapping, key) as YamlMappingNode;

    public static YamlSequenceNode? Sequence(YamlMappingNode? mapping, string key) =>
        Child(mapping, key) as YamlSequenceNode;

    public static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? string.Empty;

    /// <summary>A scalar or a sequence of scalars (e.g. <c>needs</c>, <c>branches</c>) as a list.</summary>
    public static IReadOnlyList<string> Strings(YamlMappingNode? mapping, string key) =>
        Child(mapping, key) switch
        {
            YamlScalarNode scalar when scalar.Value is not null => [scalar.Value],
            YamlSequenceNode sequence => sequence.Children.Select(Text).ToList(),
            _ => [],
        };
}
