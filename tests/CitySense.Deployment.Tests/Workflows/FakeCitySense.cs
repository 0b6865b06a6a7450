using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CitySense.Deployment.Tests.Workflows;

/// <summary>
/// A stand-in for a running CitySense, as far as scripts/load-test.sh sees it: sensors are registered and deleted,
/// readings are counted per sensor (a reading with an id is stored once), history pages list what is stored, and the
/// latest reading of a sensor is the one with the last id. It can be told to fail reads or to lose a reading, and to
/// refuse sensors outside the cities granted to the key, as the app refuses an operator key.
/// </summary>
public sealed class FakeCitySense : IAsyncDisposable
{
    private readonly LoopbackHttpServer server;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> readings = new(StringComparer.Ordinal);
    private int latestReads;

    public FakeCitySense(string? key = null)
    {
        Key = key;
        server = new LoopbackHttpServer(Handle, keepAlive: false);
    }

    public string BaseUrl => server.Url + "/api";

    /// <summary>When set, every request must carry it as Ocp-Apim-Subscription-Key (else 401).</summary>
    public string? Key { get; }

    /// <summary>Every Nth latest read is answered 503 (0: never).</summary>
    public int FailEveryNthLatestRead { get; init; }

    /// <summary>A stream (ingest0, ...) whose sensor's history lists one reading fewer than was acknowledged.</summary>
    public string? LoseOneReadingOf { get; init; }

    /// <summary>Set: a sensor in any other city is refused with 403 city-forbidden.</summary>
    public IReadOnlySet<string>? GrantedCities { get; init; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private LoopbackResponse Handle(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        Requests.Enqueue($"{request.HttpMethod} {path}");
        if (Key is not null && request.Headers["Ocp-Apim-Subscription-Key"] != Key)
        {
            return new(HttpStatusCode.Unauthorized, new JsonObject { ["type"] = "urn:citysense:problem:unauthorized", ["status"] = 401 });
        }

        switch (request.HttpMethod, segments)
        {
            case ("POST", ["api", "sensors"]):
                var sensor = Body(request)!;
                if (GrantedCities is not null && !GrantedCities.Contains(sensor["city"]!.GetValue<string>()))
                {
                    return new(HttpStatusCode.Forbidden, new JsonObject { ["type"] = "urn:citysense:problem:city-forbidden", ["status"] = 403 });
                }

                var id = $"{sensor["city"]}.{sensor["location"]}.{sensor["type"]}";
                readings[id] = new(StringComparer.Ordinal);
                return new(HttpStatusCode.Created, new JsonObject { ["id"] = id });
            case ("POST", ["api", "readings"]):
                foreach (var item in Body(request)!["readings"]!.AsArray())
                {
                    Store(item!["sensorId"]!.GetValue<string>(), null);
                }

                return new(HttpStatusCode.OK, new JsonObject { ["results"] = new JsonArray() });
            case ("POST", ["api", "sensors", var sensorId, "readings"]):
                Store(sensorId, Body(request)?["id"]?.GetValue<string>());
                return new(HttpStatusCode.Created, new JsonObject { ["sensorId"] = sensorId });
            case ("GET", ["api", "sensors", var sensorId, "readings", "latest"]):
                if (FailEveryNthLatestRead > 0 && Interlocked.Increment(ref latestReads) % FailEveryNthLatestRead == 0)
                {
                    return new(HttpStatusCode.ServiceUnavailable, new JsonObject { ["type"] = "urn:citysense:problem:service-unavailable", ["status"] = 503 });
                }

                return new(HttpStatusCode.OK, new JsonObject { ["id"] = readings.TryGetValue(sensorId, out var stored) ? stored.Keys.Where(key => !key.StartsWith('#')).LastOrDefault() ?? "generated" : "none" });
            case ("GET", ["api", "sensors", var sensorId, "readings"]):
                var count = readings.TryGetValue(sensorId, out var all) ? all.Count : 0;
                // The script names each stream's sensor <city>.<stream>-<run>.weather.
                if (LoseOneReadingOf is { } lost && sensorId.Contains($".{lost}-", StringComparison.Ordinal))
                {
                    count--;
                }

                return new(HttpStatusCode.OK, new JsonObject
                {
                    ["items"] = new JsonArray([.. Enumerable.Range(0, Math.Max(0, count)).Select(_ => (JsonNode)new JsonObject())]),
                    ["nextCursor"] = null,
                });
            case ("DELETE", ["api", "sensors", _]):
                return new(HttpStatusCode.NoContent);
            case ("GET", _):
                return new(HttpStatusCode.OK, new JsonObject { ["items"] = new JsonArray() });
            default:
                return new(HttpStatusCode.NotFound, new JsonObject { ["type"] = "urn:citysense:problem:not-found", ["status"] = 404 });
        }
    }

    /// <summary>A reading without an id is always new; one with an id is stored once.</summary>
    private void Store(string sensorId, string? id) =>
        readings.GetOrAdd(sensorId, _ => new(StringComparer.Ordinal))[id ?? "#" + Guid.NewGuid().ToString("N")] = true;

    private static JsonNode? Body(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream);
        var text = reader.ReadToEnd();
        return text.Length == 0 ? null : JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
    }
}
