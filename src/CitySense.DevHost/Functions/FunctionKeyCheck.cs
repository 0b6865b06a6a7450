using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CitySense.DevHost.Functions;

/// <summary>
/// Optional local stand-in for the Functions host's key check: when DevHost:FunctionKey is set, functions with
/// authLevel Function or Admin need it in the x-functions-key header or the code query parameter, as in Azure.
/// Unset (the default), everything is open, as under <c>func start</c>.
/// </summary>
public sealed class FunctionKeyCheck(IOptions<DevHostOptions> options)
{
    public bool Allows(HttpContext context, HttpFunction function)
    {
        var key = options.Value.FunctionKey;
        if (string.IsNullOrEmpty(key) || function.AuthLevel.Equals("Anonymous", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string? presented = context.Request.Headers["x-functions-key"];
        presented ??= context.Request.Query["code"];
        return presented is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
    }
}
