using System.Text.Json.Nodes;

namespace CitySense.ContractTests.Support;

/// <summary>Finds where two JSON documents first differ, for assertion messages.</summary>
internal static class JsonDifference
{
    /// <summary>The JSON path and values of the first difference, or null when the documents are equal.</summary>
    public static string? Find(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name))
                    {
                        return $"{path}.{name}: missing";
                    }

                    if (Find(value, a[name], $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                var extra = a.Select(pair => pair.Key).FirstOrDefault(name => !e.ContainsKey(name));
                return extra is null ? null : $"{path}.{extra}: not expected";
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path}: {e.Count} items expected, {a.Count} found";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (Find(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(expected, actual)
                    ? null
                    : $"{path}: expected {expected?.ToJsonString() ?? "null"} ({expected?.GetValueKind()}), found {actual?.ToJsonString() ?? "null"} ({actual?.GetValueKind()})";
        }
    }
}
