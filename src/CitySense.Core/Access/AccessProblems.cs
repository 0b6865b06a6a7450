using CitySense.Core.Problems;

namespace CitySense.Core.Access;

/// <summary>The refusals of <see cref="AccessPolicy"/>.</summary>
public static class AccessProblems
{
    public static Problem ProductMayNotWrite(CallerProduct product) => new(
        ProblemKind.Forbidden,
        "This key may not write.",
        $"Keys of the {Name(product)} product can only read; request an operator subscription to write.");

    public static Problem AdminOnly(CallerProduct product) => new(
        ProblemKind.Forbidden,
        "This key may not do that.",
        $"Only keys of the admin product may manage grants and read the audit trail; this key is of the {Name(product)} product.");

    public static Problem AuditForOperatorsAndAdmins(CallerProduct product) => new(
        ProblemKind.Forbidden,
        "This key may not do that.",
        $"The audit trail is for admin keys and for operator keys (their cities); this key is of the {Name(product)} product.");

    public static Problem CityNotGranted(string city) => new(
        ProblemKind.CityForbidden,
        "The city is not granted to this key.",
        $"This operator key is not granted city '{city}'; ask the CitySense team for a grant.");

    public static string Name(CallerProduct product) => product switch
    {
        CallerProduct.Public => "public",
        CallerProduct.Operator => "operator",
        _ => "admin",
    };
}
