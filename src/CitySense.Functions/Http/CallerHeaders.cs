using CitySense.Core.Access;
using CitySense.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// Who is calling, from the two headers API Management sets after it has checked the subscription key (its policy
/// removes any copy a client sent first; the DevHost does the same locally). The app trusts them because only API
/// Management holds the host key every function requires.
/// </summary>
public static class CallerHeaders
{
    /// <summary>The caller's subscription id.</summary>
    public const string Caller = "X-CitySense-Caller";

    /// <summary>The product of the caller's subscription: public, operator or admin.</summary>
    public const string Product = "X-CitySense-Product";

    public static Outcome<Caller> Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? id = request.Headers[Caller];
        var product = ((string?)request.Headers[Product]) switch
        {
            "public" => CallerProduct.Public,
            "operator" => CallerProduct.Operator,
            "admin" => (CallerProduct?)CallerProduct.Admin,
            _ => null,
        };
        if (!Core.Access.Caller.IsValidId(id) || product is null)
        {
            return new Problem(
                ProblemKind.Unauthorized,
                "The caller is not known.",
                "The request carries no caller identity. Call the API through API Management with a subscription key in the Ocp-Apim-Subscription-Key header.");
        }

        return new Caller(id, product.Value);
    }

    /// <summary>The header value of a product.</summary>
    public static string ValueOf(CallerProduct product) => AccessProblems.Name(product);
}
