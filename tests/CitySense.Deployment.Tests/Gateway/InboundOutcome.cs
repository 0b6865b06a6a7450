namespace CitySense.Deployment.Tests.Gateway;

/// <summary>
/// What the inbound sections did with a request: refused it (a return-response with its status), or let it through to
/// a backend with the request as the policies left it (headers and query the backend receives).
/// </summary>
public sealed class InboundOutcome(PolicyRequest request)
{
    /// <summary>The status of the return-response that ended the request, or null when it went on to the backend.</summary>
    public int? RefusalStatus { get; internal set; }

    /// <summary>The backend chosen by set-backend-service, if any.</summary>
    public string? BackendId { get; internal set; }

    public bool Forwarded => RefusalStatus is null;

    /// <summary>The request as it leaves the inbound sections.</summary>
    public PolicyRequest Request { get; } = request;

    /// <summary>Every value the backend receives for a header (none: an empty list).</summary>
    public IReadOnlyList<string> Header(string name) => Request.Headers.TryGetValue(name, out var values) ? values : [];
}
