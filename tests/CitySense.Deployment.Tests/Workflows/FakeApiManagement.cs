using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// An in-process stand-in for a CitySense stage behind API Management, as far as the smoke test sees it:
/// subscription keys, anonymous health, the public/operator/admin split (public writes get 403, grants are for admin
/// keys only), grants of cities kept per caller id, a rate limit on public reads (429 with Retry-After) and problem
/// documents for every refusal, unless told to misbehave.
/// </summary>
public sealed class FakeApiManagement : IAsyncDisposable
{
    private readonly LoopbackHttpServer server;
    private int publicReads;
    private int operatorReads;

    public FakeApiManagement(string operatorKey, string publicKey, string adminKey)
    {
        OperatorKey = operatorKey;
        PublicKey = publicKey;
        AdminKey = adminKey;
        server = new LoopbackHttpServer(Handle);
    }

    public string GatewayUrl => server.Url;

    public string OperatorKey { get; }

    public string PublicKey { get; }

    public string AdminKey { get; }

    /// <summary>Public reads answered before the limit; the next one gets 429.</summary>
    public int RateLimit { get; init; } = 5;

    public bool SendRetryAfter { get; init; } = true;

    public bool PublicWritesAllowed { get; init; }

    /// <summary>True: the grants are listed to a public key too (an app that forgot the admin check).</summary>
    public bool PublicMayListGrants { get; init; }

    /// <summary>Set: every grant is refused with this status and a problem document.</summary>
    public int? GrantRefusal { get; init; }

    /// <summary>The cities granted to each caller id by PUT /api/operators/{callerId}.</summary>
    public ConcurrentDictionary<string, string[]> Grants { get; } = new(StringComparer.Ordinal);

    /// <summary>Operator reads answered 503 (as when the backend refuses the host key) before the first 200.</summary>
    public int UnavailableOperatorReads { get; init; }

    /// <summary>False: refusals come as API Management's default JSON instead of problem documents.</summary>
    public bool ProblemDocuments { get; init; } = true;

    /// <summary>"METHOD /path (operator|public|admin|none|unknown)" for each request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private LoopbackResponse Handle(HttpListenerRequest request)
    {
        var key = request.Headers["Ocp-Apim-Subscription-Key"];
        var caller = key is null ? "none"
            : key == OperatorKey ? "operator"
            : key == PublicKey ? "public"
            : key == AdminKey ? "admin"
            : "unknown";
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue($"{request.HttpMethod} {path} ({caller})");

        if (request.HttpMethod == "GET" && path == "/api/health")
        {
            return new(HttpStatusCode.OK, new JsonObject { ["status"] = "healthy", ["version"] = "test" });
        }

        if (caller is "none" or "unknown")
        {
            return new(HttpStatusCode.Unauthorized, Problem(401, "unauthorized", "A valid subscription key is required."));
        }

        switch (request.HttpMethod, path)
        {
            case ("GET", "/api/sensors"):
                if (caller == "operator" && Interlocked.Increment(ref operatorReads) <= UnavailableOperatorReads)
                {
                    return new(HttpStatusCode.ServiceUnavailable, Problem(503, "service-unavailable", "The service is temporarily unavailable."), new Dictionary<string, string> { ["Retry-After"] = "5" });
                }

                if (caller == "public" && Interlocked.Increment(ref publicReads) > RateLimit)
                {
                    return new((HttpStatusCode)429, Problem(429, "rate-limited", "Too many requests."), SendRetryAfter ? new Dictionary<string, string> { ["Retry-After"] = "60" } : null);
                }

                return new(HttpStatusCode.OK, new JsonObject { ["items"] = new JsonArray(), ["nextCursor"] = null });

            case ("POST", "/api/sensors"):
                return caller == "public" && !PublicWritesAllowed
                    ? new(HttpStatusCode.Forbidden, Problem(403, "forbidden", "This key may not write."))
                    : new(HttpStatusCode.Created, new JsonObject { ["id"] = "x.y.z" });

            case ("GET", "/api/operators"):
                return caller == "admin" || (caller == "public" && PublicMayListGrants)
                    ? new(HttpStatusCode.OK, new JsonObject { ["items"] = new JsonArray([.. Grants.Keys.Select(id => (JsonNode)new JsonObject { ["callerId"] = id })]), ["nextCursor"] = null })
                    : new(HttpStatusCode.Forbidden, Problem(403, "forbidden", "This key may not do that."));

            case ("PUT", _) when path.StartsWith("/api/operators/", StringComparison.Ordinal):
                return Grant(request, caller, path["/api/operators/".Length..]);

            default:
                return new(HttpStatusCode.NotFound, Problem(404, "not-found", "The resource was not found."));
        }
    }

    /// <summary>PUT /api/operators/{callerId} as the app answers it: 201 for a new grant, 200 for a replaced one.</summary>
    private LoopbackResponse Grant(HttpListenerRequest request, string caller, string callerId)
    {
        if (caller != "admin")
        {
            return new(HttpStatusCode.Forbidden, Problem(403, "forbidden", "This key may not do that."));
        }

        if (GrantRefusal is { } refusal)
        {
            return new((HttpStatusCode)refusal, Problem(refusal, "validation", "The grant was refused."));
        }

        using var reader = new StreamReader(request.InputStream);
        var body = JsonNode.Parse(reader.ReadToEnd())!;
        string[] cities = [.. body["cities"]!.AsArray().Select(city => city!.GetValue<string>())];
        var created = Grants.TryAdd(callerId, cities);
        Grants[callerId] = cities;
        return new(
            created ? HttpStatusCode.Created : HttpStatusCode.OK,
            new JsonObject { ["callerId"] = callerId, ["name"] = body["name"]!.GetValue<string>(), ["cities"] = new JsonArray([.. cities.Select(city => (JsonNode)city)]) });
    }

    private JsonObject Problem(int status, string slug, string title) =>
        ProblemDocuments
            ? new JsonObject { ["type"] = $"urn:citysense:problem:{slug}", ["title"] = title, ["status"] = status, ["detail"] = title }
            : new JsonObject { ["statusCode"] = status, ["message"] = title };
}
