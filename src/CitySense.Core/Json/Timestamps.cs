using System.Buffers.Text;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CitySense.Core.Json;

/// <summary>
/// The one timestamp format CitySense reads and writes. Stored timestamps are UTC with seven fractional digits,
/// so that their text sorts in time order (history keys rely on it).
/// </summary>
public static partial class Timestamps
{
    /// <summary>The length of a stored timestamp, e.g. 2026-01-31T12:00:00.0000000Z.</summary>
    public const int StorageLength = 28;

    // The round-trip format of a UTC DateTime is exactly yyyy-MM-ddTHH:mm:ss.fffffffZ, and the runtime writes and reads
    // it without interpreting a custom format string each time.
    private const string StorageFormat = "O";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(StorageFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes <see cref="Format"/>'s text as UTF-8 into <paramref name="destination"/> (at least <see cref="StorageLength"/> bytes).</summary>
    public static int FormatUtf8(DateTimeOffset value, Span<byte> destination) =>
        value.UtcDateTime.TryFormat(destination, out var written, StorageFormat, CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException($"needs {StorageLength} bytes", nameof(destination));

    /// <summary>
    /// Parses a timestamp in the stored shape (<see cref="Format"/>'s) from UTF-8 without a copy; anything else, which
    /// <see cref="TryParse"/> may still accept, returns false.
    /// </summary>
    public static bool TryParseStored(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        return utf8.Length == StorageLength
            && utf8[^1] == (byte)'Z'
            && Utf8Parser.TryParse(utf8, out value, out var consumed, 'O')
            && consumed == StorageLength;
    }

    /// <summary>Parses an RFC 3339 date-time; an explicit offset (Z or ±hh:mm) is required.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length > 40 || !Rfc3339().IsMatch(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value))
        {
            return false;
        }

        value = value.ToUniversalTime();
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
