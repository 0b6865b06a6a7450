using System.Globalization;
using System.Xml.Linq;
using CitySense.Deployment.Tests.Bicep;

namespace CitySense.Deployment.Tests.Gateway;

/// <summary>
/// Runs the inbound sections of API Management policies for one request, as the gateway does: the statements of the
/// innermost scope in document order, where &lt;base /&gt; runs the next outer scope's inbound section (API, then
/// product, then service), &lt;choose&gt; takes the first &lt;when&gt; whose condition is true (else &lt;otherwise&gt;),
/// and a &lt;return-response&gt; ends the request. Conditions and values are run by <see cref="PolicyExpression"/>.
/// It models only the statements CitySense's policies use and throws on any other, so that a new statement is
/// modelled on purpose before a test can pass over it.
/// </summary>
public static class InboundPipeline
{
    /// <param name="scopes">The policies from the innermost scope out, e.g. API, product, service.</param>
    /// <param name="context">The request and the subscription and product API Management matched its key to.</param>
    public static InboundOutcome Run(IReadOnlyList<XElement> scopes, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(context);
        var outcome = new InboundOutcome(context.Request);
        RunScope(scopes, 0, context, outcome);
        return outcome;
    }

    /// <returns>True when a statement ended the request.</returns>
    private static bool RunScope(IReadOnlyList<XElement> scopes, int scope, PolicyContext context, InboundOutcome outcome) =>
        scope < scopes.Count
        && RunStatements(scopes[scope].Element("inbound")?.Elements() ?? [], scopes, scope, context, outcome);

    private static bool RunStatements(IEnumerable<XElement> statements, IReadOnlyList<XElement> scopes, int scope, PolicyContext context, InboundOutcome outcome)
    {
        foreach (var statement in statements)
        {
            switch (statement.Name.LocalName)
            {
                case "base":
                    if (RunScope(scopes, scope + 1, context, outcome))
                    {
                        return true;
                    }

                    break;
                case "choose":
                    var branch = statement.Elements("when").FirstOrDefault(when => PolicyExpression.Evaluate(when.Value("condition"), context) is true)
                        ?? statement.Element("otherwise");
                    if (branch is not null && RunStatements(branch.Elements(), scopes, scope, context, outcome))
                    {
                        return true;
                    }

                    break;
                case "return-response":
                    outcome.RefusalStatus = int.Parse(statement.Element("set-status")!.Value("code"), CultureInfo.InvariantCulture);
                    return true;
                case "set-header":
                    Apply(context.Request.MutableHeaders, statement, context);
                    break;
                case "set-query-parameter":
                    Apply(context.Request.Url.MutableQuery, statement, context);
                    break;
                case "set-backend-service":
                    outcome.BackendId = statement.Value("backend-id");
                    break;
                // The counter key is computed on every call (an expression that throws fails the request); one call never
                // exhausts a limit or a quota.
                case "rate-limit-by-key":
                    _ = Resolve(statement.Value("counter-key"), context);
                    break;
                // CORS answers preflight (OPTIONS) requests itself and otherwise adds response headers only; a quota per
                // subscription has no key to compute. Neither changes what the backend receives.
                case "cors" or "quota":
                    break;
                // A cache lookup that misses lets the request on unchanged (its key is checked by GatewayCacheTests); a hit
                // answers from an entry stored from what the backend received, so it cannot change that either.
                case "cache-lookup":
                    break;
                default:
                    throw new NotSupportedException($"<{statement.Name.LocalName}> is not modelled by {nameof(InboundPipeline)}; model it before testing a policy that uses it.");
            }
        }

        return false;
    }

    /// <summary>set-header and set-query-parameter: exists-action override (the default), skip, append or delete.</summary>
    private static void Apply(Dictionary<string, string[]> items, XElement statement, PolicyContext context)
    {
        var name = statement.Value("name");
        var action = statement.Attribute("exists-action")?.Value ?? "override";
        string[] values = [.. statement.Elements("value").Select(value => Resolve(value.Value.Trim(), context))];
        var exists = items.TryGetValue(name, out var current);
        switch (action)
        {
            case "override":
                items[name] = values;
                break;
            case "skip":
                if (!exists)
                {
                    items[name] = values;
                }

                break;
            case "append":
                items[name] = [.. current ?? [], .. values];
                break;
            case "delete":
                items.Remove(name);
                break;
            default:
                throw new NotSupportedException($"exists-action \"{action}\" of <{statement.Name.LocalName} name=\"{name}\"> is not one API Management knows.");
        }
    }

    private static string Resolve(string text, PolicyContext context) =>
        PolicyExpression.IsExpression(text)
            ? Convert.ToString(PolicyExpression.Evaluate(text, context), CultureInfo.InvariantCulture) ?? string.Empty
            : text;
}
