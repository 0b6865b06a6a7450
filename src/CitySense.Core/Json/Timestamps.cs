using System.Globalization;
using System.Text.RegularExpressions;

namespace CitySense.Core.Json;

/// <summary>
/// The one timestamp format CitySense reads and writes. Stored timestamps are UTC with seven fractional digits,
/// so that their text sorts in time order (history keys rely on it).
/// </summary>
public static partial class Timestamps
{
    private const string StorageFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(StorageFormat, CultureInfo.InvariantCulture);

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
