using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// An in-process stand-in for a CitySense stage behind API Management, as far as the smoke test sees
/// it: subscription keys, the operator/public split (public writes get 403), a rate limit on public
/// reads (429 with Retry-After) and the sensor and reading routes under <c>/api</c>.
/// </summary>
public sealed class FakeApiManagement : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, JsonNode?> latestPayloads = new(StringComparer.Ordinal);
    private readonly Task serving;
    private int publicReads;

    public FakeApiManagement(string operatorKey, string publicKey)
    {
        OperatorKey = operatorKey;
        PublicKey = publicKey;
        var port = FreePort();
        GatewayUrl = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(GatewayUrl + "/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public string GatewayUrl { get; }

    public string OperatorKey { get; }

    public string PublicKey { get; }

    /// <summary>Public reads answered before the limit; the next one gets 429.</summary>
    public int RateLimit { get; init; } = 5;

    public bool SendRetryAfter { get; init; } = true;

    public HttpStatusCode IngestStatus { get; init; } = HttpStatusCode.Created;

    public bool PublicWritesAllowed { get; init; }

    /// <summary>Sensors that exist now (created and not deleted).</summary>
    public ConcurrentDictionary<string, JsonNode> Sensors { get; } = new(StringComparer.Ordinal);

    /// <summary>"METHOD /path (operator|public|unknown)" for each request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving.ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var (status, body, headers) = await HandleAsync(context.Request).ConfigureAwait(false);
            response.StatusCode = (int)status;
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }

            if (body is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                response.ContentType = "application/json";
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            }
        }
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body, Dictionary<string, string> Headers)> HandleAsync(HttpListenerRequest request)
    {
        var key = request.Headers["Ocp-Apim-Subscription-Key"];
        var caller = key == OperatorKey ? "operator" : key == PublicKey ? "public" : "unknown";
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue($"{request.HttpMethod} {path} ({caller})");
        var noHeaders = new Dictionary<string, string>();

        if (caller == "unknown")
        {
            return (HttpStatusCode.Unauthorized, Problem(401, "Access denied due to missing or invalid subscription key."), noHeaders);
        }

        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        var input = text.Length > 0 ? JsonNode.Parse(text) : null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isWrite = request.HttpMethod is "POST" or "PUT" or "DELETE";

        if (isWrite && caller == "public" && !PublicWritesAllowed)
        {
            return (HttpStatusCode.Forbidden, Problem(403, "The public product is read-only."), noHeaders);
        }

        switch (request.HttpMethod, segments)
        {
            case ("GET", ["api", "health"]):
                return (HttpStatusCode.OK, new JsonObject { ["status"] = "healthy", ["version"] = "test" }, noHeaders);

            case ("POST", ["api", "sensors"]):
                var id = $"{input?["city"]}.{input?["location"]}.{input?["type"]}";
                var sensor = new JsonObject { ["id"] = id, ["city"] = input?["city"]?.DeepClone(), ["coordinates"] = input?["coordinates"]?.DeepClone() };
                return Sensors.TryAdd(id, sensor)
                    ? (HttpStatusCode.Created, sensor.DeepClone(), new Dictionary<string, string> { ["Location"] = $"/api/sensors/{id}" })
                    : (HttpStatusCode.Conflict, Problem(409, "The sensor exists."), noHeaders);

            case ("GET", ["api", "sensors", var sensorId]):
                if (caller == "public" && Interlocked.Increment(ref publicReads) > RateLimit)
                {
                    var limited = SendRetryAfter ? new Dictionary<string, string> { ["Retry-After"] = "60" } : noHeaders;
                    return ((HttpStatusCode)429, Problem(429, "Rate limit is exceeded."), limited);
                }

                return Sensors.TryGetValue(sensorId, out var found)
                    ? (HttpStatusCode.OK, found.DeepClone(), noHeaders)
                    : (HttpStatusCode.NotFound, Problem(404, "No such sensor."), noHeaders);

            case ("POST", ["api", "sensors", var sensorId, "readings"]):
                if (!Sensors.ContainsKey(sensorId))
                {
                    return (HttpStatusCode.NotFound, Problem(404, "No such sensor."), noHeaders);
                }

                if (IngestStatus != HttpStatusCode.Created)
                {
                    return (IngestStatus, Problem((int)IngestStatus, "Ingest failed."), noHeaders);
                }

                latestPayloads[sensorId] = input?["payload"]?.DeepClone();
                return (HttpStatusCode.Created, new JsonObject { ["id"] = "r1", ["sensorId"] = sensorId, ["payload"] = input?["payload"]?.DeepClone() }, noHeaders);

            case ("GET", ["api", "sensors", var sensorId, "readings", "latest"]):
                return latestPayloads.TryGetValue(sensorId, out var payload)
                    ? (HttpStatusCode.OK, new JsonObject { ["id"] = "r1", ["sensorId"] = sensorId, ["payload"] = payload?.DeepClone() }, noHeaders)
                    : (HttpStatusCode.NotFound, Problem(404, "No reading yet."), noHeaders);

            case ("DELETE", ["api", "sensors", var sensorId]):
                latestPayloads.TryRemove(sensorId, out _);
                return Sensors.TryRemove(sensorId, out _)
                    ? (HttpStatusCode.NoContent, null, noHeaders)
                    : (HttpStatusCode.NotFound, Problem(404, "No such sensor."), noHeaders);

            default:
                return (HttpStatusCode.NotFound, Problem(404, "Resource not found."), noHeaders);
        }
    }

    private static JsonObject Problem(int status, string title) =>
        JsonSerializer.SerializeToNode(new { type = "about:blank", title, status })!.AsObject();
}
