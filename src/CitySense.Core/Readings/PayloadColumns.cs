using System.Text.Json;

namespace CitySense.Core.Readings;

/// <summary>Flattens a payload into named columns: nested object fields joined with dots, arrays kept as JSON.</summary>
public static class PayloadColumns
{
    public static IEnumerable<KeyValuePair<string, JsonElement>> Flatten(JsonElement payload) => Flatten(payload, prefix: null);

    private static IEnumerable<KeyValuePair<string, JsonElement>> Flatten(JsonElement element, string? prefix)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield return KeyValuePair.Create(prefix ?? "value", element);
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = prefix is null ? property.Name : prefix + "." + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.EnumerateObject().Any())
            {
                foreach (var inner in Flatten(property.Value, name))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return KeyValuePair.Create(name, property.Value);
            }
        }
    }
}
