using System.Text.Json.Nodes;

namespace CitySense.Testing.OpenApi;

/// <summary>
/// Turns OpenAPI 3.0 schema objects into JSON Schema 2020-12, which JsonSchema.Net evaluates:
/// <c>#/components/schemas/X</c> references become <c>#/$defs/X</c>, <c>nullable: true</c> becomes a type union
/// with <c>null</c>, boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become numeric, and keywords JSON Schema
/// does not know (<c>example</c>, <c>xml</c>, <c>discriminator</c>, <c>externalDocs</c>) are dropped. <c>format</c>
/// stays an annotation, as in OpenAPI: it is not asserted.
/// </summary>
public static class OpenApiSchemaConverter
{
    public const string ComponentSchemasPrefix = "#/components/schemas/";

    private static readonly HashSet<string> Dropped = ["nullable", "example", "xml", "discriminator", "externalDocs"];

    private static readonly HashSet<string> SchemaValued = ["items", "additionalProperties", "not"];

    private static readonly HashSet<string> SchemaArrays = ["allOf", "anyOf", "oneOf"];

    private static readonly HashSet<string> SchemaMaps = ["properties", "patternProperties"];

    /// <summary>
    /// A standalone JSON Schema for <paramref name="schema"/>, carrying every component schema of
    /// <paramref name="document"/> under <c>$defs</c> so references resolve.
    /// </summary>
    public static JsonObject ToJsonSchema(JsonNode schema, JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        var definitions = new JsonObject();
        if (document["components"]?["schemas"] is JsonObject components)
        {
            foreach (var (name, component) in components)
            {
                definitions[name] = Convert(component!);
            }
        }

        var root = Convert(schema) switch
        {
            JsonObject converted => converted,
            var other => new JsonObject { ["allOf"] = new JsonArray(other) },
        };
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = definitions;
        return root;
    }

    /// <summary>Converts one OpenAPI schema object (recursively).</summary>
    public static JsonNode Convert(JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema is not JsonObject source)
        {
            return schema.DeepClone();
        }

        var target = new JsonObject();
        foreach (var (keyword, value) in source)
        {
            if (value is null || Dropped.Contains(keyword))
            {
                continue;
            }

            target[keyword] = keyword switch
            {
                "$ref" => RewriteReference(value.GetValue<string>()),
                _ when SchemaValued.Contains(keyword) => Convert(value),
                _ when SchemaArrays.Contains(keyword) => new JsonArray([.. value.AsArray().Select(item => Convert(item!))]),
                _ when SchemaMaps.Contains(keyword) => new JsonObject(value.AsObject().Select(pair =>
                    KeyValuePair.Create(pair.Key, (JsonNode?)Convert(pair.Value!)))),
                _ => value.DeepClone(),
            };
        }

        ConvertExclusiveBound(source, target, "exclusiveMinimum", "minimum");
        ConvertExclusiveBound(source, target, "exclusiveMaximum", "maximum");
        return source["nullable"]?.GetValue<bool>() == true ? AllowNull(target) : target;
    }

    private static string RewriteReference(string reference) =>
        reference.StartsWith(ComponentSchemasPrefix, StringComparison.Ordinal)
            ? "#/$defs/" + reference[ComponentSchemasPrefix.Length..]
            : throw new NotSupportedException($"Only references to {ComponentSchemasPrefix}* are supported in schemas, not '{reference}'.");

    /// <summary>OpenAPI 3.0: <c>exclusiveMinimum: true</c> qualifies <c>minimum</c>; JSON Schema: it is the bound.</summary>
    private static void ConvertExclusiveBound(JsonObject source, JsonObject target, string exclusive, string inclusive)
    {
        if (source[exclusive] is JsonValue flag && flag.TryGetValue<bool>(out var isExclusive))
        {
            target.Remove(exclusive);
            if (isExclusive && target[inclusive] is { } bound)
            {
                target.Remove(inclusive);
                target[exclusive] = bound;
            }
        }
    }

    private static JsonObject AllowNull(JsonObject schema)
    {
        if (schema["type"] is JsonValue type)
        {
            schema["type"] = new JsonArray(type.GetValue<string>(), "null");
            if (schema["enum"] is JsonArray values && !values.Any(value => value is null))
            {
                values.Add(null);
            }

            return schema;
        }

        // A nullable reference or composition: either the schema or null.
        return new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
    }
}
