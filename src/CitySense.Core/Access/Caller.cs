using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CitySense.Core.Access;

/// <summary>
/// Who is calling: the id API Management gives the caller's subscription, and its product. Established at the edge
/// from headers only API Management (or the DevHost standing in for it) can set.
/// </summary>
public sealed partial record Caller(string Id, CallerProduct Product)
{
    public const string IdRule = "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

    public static bool IsValidId([NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
