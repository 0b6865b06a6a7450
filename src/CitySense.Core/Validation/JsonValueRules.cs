using System.Runtime.InteropServices;
using System.Text.Json;
using CitySense.Core.Problems;

namespace CitySense.Core.Validation;

/// <summary>Limits on client-supplied JSON objects (reading payloads, sensor metadata).</summary>
public static class JsonValueRules
{
    private const string InvalidText = "must contain only valid Unicode text in names and strings (no unpaired surrogates)";

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
                        if (!TryRead(() => property.Name, out var name))
                        {
                            return InvalidText;
                        }

                        if (name.Length == 0 || name.Length > 256)
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
                if (!TryRead(() => element.GetString()!, out var text))
                {
                    return InvalidText;
                }

                return text.Length > ApiLimits.MaxStringValueLength
                    ? $"must contain only strings of at most {ApiLimits.MaxStringValueLength} characters"
                    : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads a name or string, which JSON may spell with escapes that are not text (an unpaired surrogate such as
    /// "\ud800"): System.Text.Json then refuses to turn it into a string.
    /// </summary>
    private static bool TryRead(Func<string> read, out string text)
    {
        try
        {
            text = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }
}
