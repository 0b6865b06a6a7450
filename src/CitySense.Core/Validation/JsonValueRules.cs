using System.Runtime.InteropServices;
using System.Text.Json;
using CitySense.Core.Problems;

namespace CitySense.Core.Validation;

/// <summary>Limits on client-supplied JSON objects (reading payloads, sensor metadata).</summary>
public static class JsonValueRules
{
    /// <summary>Adds an error for <paramref name="field"/> when the object breaks a limit.</summary>
    public static void CheckObject(
        JsonElement value,
        string field,
        int maxBytes,
        int maxProperties,
        int maxDepth,
        bool requireProperties,
        ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, "must be a JSON object");
            return;
        }

        if (requireProperties && !value.EnumerateObject().MoveNext())
        {
            errors.Add(field, "must have at least one property");
            return;
        }

        // The size of the JSON as received, read in place (no copy of the text as a string).
        var size = JsonMarshal.GetRawUtf8Value(value).Length;
        if (size > maxBytes)
        {
            errors.Add(field, $"must be at most {maxBytes} bytes of JSON (was {size})");
            return;
        }

        var properties = 0;
        var problem = Walk(value, depth: 1, maxDepth, ref properties);
        if (problem is not null)
        {
            errors.Add(field, problem);
        }
        else if (properties > maxProperties)
        {
            errors.Add(field, $"must have at most {maxProperties} properties in all (had {properties})");
        }
    }

    private static string? Walk(JsonElement element, int depth, int maxDepth, ref int properties)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                if (depth > maxDepth)
                {
                    return $"must not nest objects and arrays deeper than {maxDepth} levels";
                }

                if (element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        properties++;
                        if (property.Name.Length == 0 || property.Name.Length > 256)
                        {
                            return "must have property names of 1-256 characters";
                        }

                        var inner = Walk(property.Value, depth + 1, maxDepth, ref properties);
                        if (inner is not null)
                        {
                            return inner;
                        }
                    }
                }
                else
                {
                    foreach (var item in element.EnumerateArray())
                    {
                        var inner = Walk(item, depth + 1, maxDepth, ref properties);
                        if (inner is not null)
                        {
                            return inner;
                        }
                    }
                }

                return null;
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) && double.IsFinite(number)
                    ? null
                    : "must contain only numbers that fit a 64-bit floating point value";
            case JsonValueKind.String:
                return element.GetString()!.Length > ApiLimits.MaxStringValueLength
                    ? $"must contain only strings of at most {ApiLimits.MaxStringValueLength} characters"
                    : null;
            default:
                return null;
        }
    }
}
