using CitySense.Core.Sensors;

namespace CitySense.Functions.Http;

/// <summary>Strong entity tags built from a registration version (of a sensor, or of a grant).</summary>
public static class ETags
{
    public static string For(Sensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        return For(sensor.Version);
    }

    public static string For(string version) => $"\"{version}\"";

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
