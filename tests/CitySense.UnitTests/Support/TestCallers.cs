using CitySense.Core.Access;

namespace CitySense.UnitTests.Support;

/// <summary>Callers as API Management would name them, one per product.</summary>
internal static class TestCallers
{
    public static readonly Caller Admin = new("admin-sub", CallerProduct.Admin);

    public static readonly Caller Public = new("public-sub", CallerProduct.Public);

    public static Caller Operator(string id = "operator-sub") => new(id, CallerProduct.Operator);
}
