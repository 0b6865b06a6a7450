using System.Text.RegularExpressions;

namespace CitySense.Core.Sensors;

/// <summary>City, location and sensor type names: lowercase letters, digits, '_' and '-', 1 to 64 characters.</summary>
public static partial class Slug
{
    public const string Rule = "must be 1-64 characters of a-z, 0-9, '_' or '-'";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
