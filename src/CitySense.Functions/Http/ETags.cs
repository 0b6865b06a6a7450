using System.Security.Cryptography;
using System.Text.Json;
using CitySense.Core.Sensors;
using Microsoft.Net.Http.Headers;

namespace CitySense.Functions.Http;

/// <summary>
/// Strong entity tags: a registration version (of a sensor or a grant, for If-Match), and tags of response content
/// (for If-None-Match).
/// </summary>
public static class ETags
{
    public static string For(Sensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        return For(sensor.Version);
    }

    public static string For(string version) => $"\"{version}\"";

    /// <summary>The tag of exactly these bytes: the first 128 bits of their SHA-256, in hex.</summary>
    public static string ForContent(ReadOnlySpan<byte> content) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16)) + "\"";

    /// <summary>
    /// The tag of <paramref name="body"/> as the API serializes it (<see cref="CitySenseJson"/>): the same body always
    /// gets the same tag, and any change to what the JSON says changes it.
    /// </summary>
    public static string ForJson<T>(T body) => ForContent(Json(body));

    /// <summary><paramref name="body"/> as the API serializes it (<see cref="CitySenseJson"/>).</summary>
    public static byte[] Json<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, CitySenseJson.Options);

    /// <summary>
    /// Whether an If-None-Match header names <paramref name="current"/>, i.e. the client's copy is current. Weak
    /// comparison (RFC 9110 13.1.2: <c>W/"x"</c> matches <c>"x"</c>); <c>*</c> matches any current representation.
    /// </summary>
    public static bool NoneMatchNames(IList<EntityTagHeaderValue> ifNoneMatch, string current)
    {
        ArgumentNullException.ThrowIfNull(ifNoneMatch);
        var tag = EntityTagHeaderValue.Parse(current);
        return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(tag, useStrongComparison: false));
    }

    /// <summary>
    /// Reads an If-Match header. Returns false for "*" or when absent (any version matches); otherwise the versions
    /// it names. Weak tags never match (If-Match uses strong comparison, RFC 9110 13.1.1).
    /// </summary>
    public static bool TryGetRequiredVersions(string? ifMatch, out IReadOnlyList<string> versions)
    {
        versions = [];
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return false;
        }

        versions = ifMatch
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(tag => tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"')
            .Select(tag => tag[1..^1])
            .ToList();
        return true;
    }
}
