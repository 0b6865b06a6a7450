using System.Text.Json;
using System.Text.Json.Serialization;
using CitySense.Core.Json;

namespace CitySense.Cosmos;

/// <summary>
/// How documents are written: camelCase, UTC timestamps in sortable form, and null fields left out (a GeoJSON
/// field is never written as null). Unknown fields such as _rid and _ts are ignored when reading.
/// </summary>
internal static class CosmosJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }
}
