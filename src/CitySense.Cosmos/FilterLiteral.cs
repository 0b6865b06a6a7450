namespace CitySense.Cosmos;

/// <summary>
/// String literals for patch filter predicates, which take no parameters. Only values whose characters are validated
/// upstream (sort keys, reading ids, versions) reach here; anything else is refused.
/// </summary>
internal static class FilterLiteral
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':' or '|' or '~'))
        {
            throw new ArgumentException("The value has characters that are not allowed in a filter predicate.", nameof(value));
        }

        return "'" + value + "'";
    }
}
