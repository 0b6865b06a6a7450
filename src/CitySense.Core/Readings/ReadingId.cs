using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CitySense.Core.Readings;

/// <summary>Reading ids: chosen by the client for safe retries, or generated (time-ordered).</summary>
public static partial class ReadingId
{
    public const string Rule = "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-', starting with a letter or digit";

    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && Pattern().IsMatch(value);

    public static string New() => Guid.CreateVersion7().ToString("N");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
