using CitySense.Core.Json;

namespace CitySense.Core.Readings;

/// <summary>
/// Sort keys order a sensor's readings: <c>{timestamp}|{reading id}</c>, with the timestamp in the sortable
/// <see cref="Timestamps"/> form, so ordinal order is time order and ties break by id.
/// </summary>
public static class SortKeys
{
    // '~' sorts after every character a reading id may hold, so "{timestamp}|~" follows every reading at that time.
    private const string AfterEveryIdSuffix = "|~";

    public static string For(DateTimeOffset timestamp, string readingId) => Timestamps.Format(timestamp) + "|" + readingId;

    /// <summary>The smallest key at <paramref name="time"/>: readings at that time sort at or after it.</summary>
    public static string StartOf(DateTimeOffset time) => Timestamps.Format(time);

    /// <summary>A key after every reading at <paramref name="time"/> and before any later one (an inclusive end).</summary>
    public static string EndOf(DateTimeOffset time) => Timestamps.Format(time) + AfterEveryIdSuffix;

    /// <summary>The later of two keys.</summary>
    public static string Max(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;

    /// <summary>The time a key (or a timestamp-only bound) stands for.</summary>
    public static bool TryReadTime(string key, out DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(key);
        var end = key.IndexOf('|', StringComparison.Ordinal);
        return Timestamps.TryParse(end < 0 ? key : key[..end], out time);
    }
}
