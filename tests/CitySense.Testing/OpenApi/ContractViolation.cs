namespace CitySense.Testing.OpenApi;

/// <summary>A response that does not match the OpenAPI document, e.g. "GET /api/sensors/x → 400: status not documented".</summary>
/// <param name="Method">The request's HTTP method.</param>
/// <param name="Path">The request's path and query, as sent.</param>
/// <param name="Status">The response status code.</param>
/// <param name="Message">What does not match, with the JSON location when it is about the body.</param>
public sealed record ContractViolation(string Method, string Path, int Status, string Message)
{
    public override string ToString() => $"{Method} {Path} → {Status}: {Message}";

    /// <summary>One line per violation, for assertion messages.</summary>
    public static string Describe(IEnumerable<ContractViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var list = violations.ToList();
        return list.Count == 0
            ? "No contract violations."
            : $"{list.Count} response(s) do not match openapi/openapi.yaml:{Environment.NewLine}"
              + string.Join(Environment.NewLine, list.Select(violation => "  - " + violation));
    }
}
