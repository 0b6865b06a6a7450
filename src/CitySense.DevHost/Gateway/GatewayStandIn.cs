using System.Security.Cryptography;
using System.Text;
using CitySense.Core.Access;
using CitySense.Core.Problems;
using CitySense.Functions.Http;
using Microsoft.Extensions.Options;

namespace CitySense.DevHost.Gateway;

/// <summary>
/// What API Management does in front of the functions, locally: the caller headers a client sent are removed, then
/// set from the subscription key in Ocp-Apim-Subscription-Key (as the API policy does). A missing or unknown key is a
/// 401 problem, a public key on any method but GET (outside /subscriptions) a 403 problem, as the gateway answers (with its texts). Health and the API description stay
/// anonymous. With no callers configured, every request is an admin call.
/// </summary>
public sealed partial class GatewayStandIn(RequestDelegate next, IOptions<DevHostOptions> options, ILogger<GatewayStandIn> logger)
{
    public const string KeyHeader = "Ocp-Apim-Subscription-Key";

    /// <summary>The caller every request is when no callers are configured.</summary>
    public static readonly Caller LocalAdmin = new("local-admin", CallerProduct.Admin);

    private static readonly string[] AnonymousPaths = ["/api/health", "/api/openapi.yaml", "/api/openapi.json"];

    private int announced;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        // Never trusted from a client, as the gateway's policy removes them before setting its own.
        context.Request.Headers.Remove(CallerHeaders.Caller);
        context.Request.Headers.Remove(CallerHeaders.Product);
        if (AnonymousPaths.Contains(context.Request.Path.Value, StringComparer.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var callers = options.Value.Callers;
        Caller caller;
        if (callers.Count == 0)
        {
            if (Interlocked.Exchange(ref announced, 1) == 0)
            {
                LogEveryoneIsAdmin();
            }

            caller = LocalAdmin;
        }
        else if (Find(callers, context.Request.Headers[KeyHeader]) is not { } found)
        {
            // The gateway's own words (bicep/modules/policies/api.xml), so clients see one answer in both places.
            await Refuse(context, new Problem(
                ProblemKind.Unauthorized,
                "A valid subscription key is required.",
                $"Send the key of an active subscription in the {KeyHeader} header; get one in the developer portal."));
            return;
        }
        else if (found.Product == CallerProduct.Public && !HttpMethods.IsGet(context.Request.Method) && !IsSubscriptionPath(context.Request.Path))
        {
            await Refuse(context, AccessProblems.ProductMayNotWrite(CallerProduct.Public));
            return;
        }
        else
        {
            caller = found;
        }

        context.Request.Headers[CallerHeaders.Caller] = caller.Id;
        context.Request.Headers[CallerHeaders.Product] = CallerHeaders.ValueOf(caller.Product);
        await next(context);
    }

    /// <summary>
    /// Webhook subscriptions are every caller's own, public keys included: the one place public keys may POST, PUT and
    /// DELETE (the gateway's policy makes the same exception, by the operation's URL template).
    /// </summary>
    public static bool IsSubscriptionPath(PathString path) => path.StartsWithSegments("/api/subscriptions", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the configured callers once, at start-up, with a message that names the setting.</summary>
    public static IEnumerable<string> Validate(IReadOnlyList<DevHostCaller> callers)
    {
        ArgumentNullException.ThrowIfNull(callers);
        for (var i = 0; i < callers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(callers[i].Key))
            {
                yield return $"DevHost:Callers:{i}:Key is required.";
            }

            if (!Caller.IsValidId(callers[i].Id))
            {
                yield return $"DevHost:Callers:{i}:Id {Caller.IdRule}.";
            }

            if (ProductOf(callers[i].Product) is null)
            {
                yield return $"DevHost:Callers:{i}:Product must be public, operator or admin.";
            }
        }
    }

    private static Caller? Find(IReadOnlyList<DevHostCaller> callers, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var presented = Encoding.UTF8.GetBytes(key);
        foreach (var candidate in callers)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(candidate.Key)) && ProductOf(candidate.Product) is { } product)
            {
                return new Caller(candidate.Id, product);
            }
        }

        return null;
    }

    private static CallerProduct? ProductOf(string? product) => product?.ToLowerInvariant() switch
    {
        "public" => CallerProduct.Public,
        "operator" => CallerProduct.Operator,
        "admin" => CallerProduct.Admin,
        _ => null,
    };

    private static Task Refuse(HttpContext context, Problem problem) => ProblemResults.For(problem, context.Request).ExecuteAsync(context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No callers are configured (DevHost:Callers): every request is an admin call, as no API Management checks keys")]
    private partial void LogEveryoneIsAdmin();
}
