using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CitySense.Core.Json;

namespace CitySense.Functions.Http;

/// <summary>The System.Text.Json settings of the public API: camelCase, nulls omitted, unknown fields rejected.</summary>
public static class CitySenseJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// Applies the API's settings to <paramref name="options"/> (created with <see cref="JsonSerializerDefaults.Web"/>),
    /// e.g. the options ASP.NET Core's typed results serialize with.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;

        // Bodies are JSON documents, never embedded in HTML: keep apostrophes and non-ASCII text readable.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcTimestampConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
