using System.Net;
using System.Text.Json.Nodes;
using CitySense.Testing;

namespace CitySense.EndToEndTests.Callers;

/// <summary>
/// The document's <c>x-citysense-products</c> is what the API enforces: every keyed operation is called with a key of
/// each product, and exactly the products it does not list are refused with 403 forbidden. The operator is granted
/// the city it writes in, so a refusal can only come from its product.
/// </summary>
public sealed class ProductPermissionTests(GatewayCallers gateway) : IClassFixture<GatewayCallers>
{
    private static readonly string[] Products = ["public", "operator", "admin"];

    [InProcessFact("configures the DevHost's callers (DevHost:Callers)")]
    public async Task EveryKeyedOperation_CalledByEachProduct_RefusedExactlyWhenNotListed()
    {
        var admin = gateway.Client(GatewayCallers.Admin);
        var grant = await Api.PutJsonAsync(admin, $"operators/{GatewayCallers.HoustonOperator.Id}", new { name = "Houston IT", cities = new[] { "houston" } }, null);
        Assert.True(grant.IsSuccessStatusCode);
        var location = Api.NewLocation();
        var sensorId = $"houston.{location}.weather";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("sensors", Api.Json(new { city = "houston", location, type = "weather", coordinates = new { lat = Api.TestLat, lon = Api.TestLon } }))).StatusCode);
        var calls = Calls(sensorId, location);
        var document = JsonNode.Parse(await (await admin.GetAsync("openapi.json")).Content.ReadAsStringAsync())!;
        var documented = Operations(document).ToList();

        Assert.Equal(documented.Select(operation => operation.Id).Order(), calls.Keys.Order());
        var mismatches = new List<string>();
        foreach (var (operationId, allowed) in documented)
        {
            foreach (var product in Products)
            {
                var client = gateway.Client(product switch
                {
                    "public" => GatewayCallers.Public,
                    "operator" => GatewayCallers.HoustonOperator,
                    _ => GatewayCallers.Admin,
                });
                using var response = await client.SendAsync(calls[operationId]());
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                    && (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["type"] == "urn:citysense:problem:forbidden";
                if (refused == allowed.Contains(product))
                {
                    mismatches.Add($"{operationId} by {product}: {(int)response.StatusCode} (documented products: {string.Join(", ", allowed)})");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    private const string NoSubscription = "sub_00000000000000000000000000000000";

    private static object Subscription() => new { url = "http://127.0.0.1:9/hook", filter = new { city = "houston" } };

    /// <summary>The document's keyed operations and the products each lists.</summary>
    private static IEnumerable<(string Id, string[] Products)> Operations(JsonNode document)
    {
        foreach (var (_, path) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in path!.AsObject())
            {
                var anonymous = operation!["security"] is JsonArray security && (security.Count == 0 || security.Any(requirement => requirement!.AsObject().Count == 0));
                if (anonymous)
                {
                    Assert.Null(operation["x-citysense-products"]);
                    continue;
                }

                var products = operation["x-citysense-products"]?.AsArray().Select(product => (string)product!).ToArray();
                Assert.True(products is { Length: > 0 }, $"{operation["operationId"]} lists no x-citysense-products.");
                yield return ((string)operation["operationId"]!, products!);
            }
        }
    }

    /// <summary>One well-formed request per operation; writes address the granted city, so only the product decides.</summary>
    private static Dictionary<string, Func<HttpRequestMessage>> Calls(string sensorId, string location)
    {
        HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
        HttpRequestMessage Send(HttpMethod method, string path, object? body) =>
            new(method, path) { Content = body is null ? null : Api.Json(body) };
        var coordinates = new { lat = Api.TestLat, lon = Api.TestLon };
        return new Dictionary<string, Func<HttpRequestMessage>>
        {
            ["GetSensor"] = () => Get($"sensors/{sensorId}"),
            ["ListSensors"] = () => Get("sensors?city=houston"),
            ["ListReadings"] = () => Get($"sensors/{sensorId}/readings"),
            ["ExportReadings"] = () => Get($"sensors/{sensorId}/readings.csv"),
            ["GetLatestReading"] = () => Get($"sensors/{sensorId}/readings/latest"),
            ["ListLatestNear"] = () => Get($"readings/latest?near={Api.F(Api.TestLat)},{Api.F(Api.TestLon)}&radius=100"),
            ["GetReadingAggregates"] = () => Get($"sensors/{sensorId}/readings/aggregate?interval=1h"),
            ["GetLatestSummary"] = () => Get($"readings/latest/summary?near={Api.F(Api.TestLat)},{Api.F(Api.TestLon)}&radius=100"),
            ["LegacyGetLatestReading"] = () => Get($"v1/weather/houston/{location}"),
            ["CreateSensor"] = () => Send(HttpMethod.Post, "sensors", new { city = "houston", location = Api.NewLocation(), type = "weather", coordinates }),
            ["UpdateSensor"] = () => Send(HttpMethod.Put, $"sensors/{sensorId}", new { coordinates, status = "active" }),
            ["DeleteSensor"] = () => Send(HttpMethod.Delete, $"sensors/houston.{Api.NewLocation()}.weather", null),
            ["IngestReading"] = () => Send(HttpMethod.Post, $"sensors/{sensorId}/readings", new { payload = new { tempC = 20 } }),
            ["BatchIngestReadings"] = () => Send(HttpMethod.Post, "readings", new { readings = new[] { new { sensorId, payload = new { tempC = 21 } } } }),
            ["LegacyIngestReading"] = () => Send(HttpMethod.Post, $"v1/weather/houston/{location}", new { payload = new { tempC = 22 } }),
            ["ListOperators"] = () => Get("operators"),
            ["GetOperator"] = () => Get($"operators/{GatewayCallers.HoustonOperator.Id}"),
            ["PutOperator"] = () => Send(HttpMethod.Put, $"operators/new-{Guid.NewGuid():N}", new { name = "New operator", cities = Array.Empty<string>() }),
            ["DeleteOperator"] = () => Send(HttpMethod.Delete, $"operators/nobody-{Guid.NewGuid():N}", null),
            ["ListAuditRecords"] = () => Get("audit?city=houston"),

            // Subscriptions are each key's own: a well-formed call on one that does not exist gets 404, never 403.
            ["CreateSubscription"] = () => Send(HttpMethod.Post, "subscriptions", Subscription()),
            ["ListSubscriptions"] = () => Get("subscriptions"),
            ["GetSubscription"] = () => Get($"subscriptions/{NoSubscription}"),
            ["UpdateSubscription"] = () => Send(HttpMethod.Put, $"subscriptions/{NoSubscription}", Subscription()),
            ["DeleteSubscription"] = () => Send(HttpMethod.Delete, $"subscriptions/{NoSubscription}", null),
            ["RotateSubscriptionSecret"] = () => Send(HttpMethod.Post, $"subscriptions/{NoSubscription}/secret", null),
            ["ListDeliveries"] = () => Get($"subscriptions/{NoSubscription}/deliveries"),
            ["RedeliverDelivery"] = () => Send(HttpMethod.Post, $"subscriptions/{NoSubscription}/deliveries/msg_00000000000000000000000000000000/redeliver", null),
            ["PingSubscription"] = () => Send(HttpMethod.Post, $"subscriptions/{NoSubscription}/ping", null),
        };
    }
}
