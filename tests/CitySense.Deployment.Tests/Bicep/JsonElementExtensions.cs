using System.Text.Json;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>Dotted-path access into ARM JSON, with failure messages that show where a property was missing.</summary>
public static class JsonElementExtensions
{
    public static JsonElement At(this JsonElement element, string path)
    {
        var current = element;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out var next))
            {
                throw new KeyNotFoundException($"'{path}' is missing (no '{segment}') in {Shorten(element)}");
            }

            current = next;
        }

        return current;
    }

    /// <summary>True when the property exists and is not null.</summary>
    public static bool Has(this JsonElement element, string path)
    {
        var current = element;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return false;
            }
        }

        return current.ValueKind != JsonValueKind.Null;
    }

    public static string Text(this JsonElement element, string path) =>
        element.At(path).GetString() ?? throw new InvalidOperationException($"'{path}' is null.");

    public static bool Flag(this JsonElement element, string path) => element.At(path).GetBoolean();

    public static int Number(this JsonElement element, string path) => element.At(path).GetInt32();

    public static IReadOnlyList<string> Strings(this JsonElement element, string path) =>
        [.. element.At(path).EnumerateArray().Select(item => item.GetString() ?? string.Empty)];

    private static string Shorten(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 600 ? text : text[..600] + "...";
    }
}
