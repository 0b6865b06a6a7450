using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitySense.Core.Access;

/// <summary>A grant's fields as the audit trail keeps them: name and cities.</summary>
public static class GrantAuditState
{
    public static JsonElement Of(string name, IReadOnlyList<string> cities)
    {
        ArgumentNullException.ThrowIfNull(cities);
        var state = new JsonObject { ["name"] = name, ["cities"] = new JsonArray([.. cities.Select(city => (JsonNode?)city)]) };
        return JsonSerializer.SerializeToElement(state);
    }

    public static (string Name, IReadOnlyList<string> Cities) Read(JsonElement state) =>
        (state.GetProperty("name").GetString()!, [.. state.GetProperty("cities").EnumerateArray().Select(city => city.GetString()!)]);

    /// <summary>Which life of a grant (one caller id can be granted, revoked and granted again).</summary>
    public static string Incarnation(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Json.Timestamps.Format(grant.CreatedAt);
    }
}
