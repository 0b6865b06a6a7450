using System.Net;
using CitySense.Testing;

namespace CitySense.EndToEndTests.Callers;

/// <summary>
/// Who may keep an answer follows the caller's product: answers to public keys are <c>public</c> (API Management caches
/// them), answers to operators and admins <c>private</c> (they may carry caller ids), whatever product header a client
/// sends. Through the DevHost playing API Management with configured callers.
/// </summary>
public sealed class CacheAudienceTests(GatewayCallers gateway) : IClassFixture<GatewayCallers>
{
    private static readonly string[] Expected = ["{0}, max-age=5", "{0}, max-age=5", "{0}, max-age=30", "{0}, no-cache"];

    [InProcessFact("configures the DevHost's callers (DevHost:Callers)")]
    public async Task Reads_PublicKeyPublic_OperatorAndAdminPrivate_ClientProductHeaderIgnored()
    {
        var admin = gateway.Client(GatewayCallers.Admin);
        var location = Api.NewLocation();
        var sensorId = $"houston.{location}.weather";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("sensors", Api.Json(new { city = "houston", location, type = "weather", coordinates = new { lat = Api.TestLat, lon = Api.TestLon } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Api.IngestAsync(admin, sensorId, new { payload = new { v = 1 } })).StatusCode);
        string[] paths = [$"sensors/{sensorId}/readings/latest", $"sensors/{sensorId}/readings", "sensors?city=houston&limit=1", $"sensors/{sensorId}"];

        foreach (var (caller, audience, forged) in new[]
        {
            (GatewayCallers.Public, "public", "operator"),
            (GatewayCallers.HoustonOperator, "private", "public"),
            (GatewayCallers.Admin, "private", "public"),
        })
        {
            var client = gateway.Client(caller);
            var answers = new List<string?>();
            foreach (var path in paths)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("X-CitySense-Product", forged);
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answers.Add(response.Headers.NonValidated.TryGetValues("Cache-Control", out var values) ? values.ToString() : null);
            }

            Assert.Equal(Expected.Select(format => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, audience)), answers);
        }

        // The API description is anonymous: the same for everybody.
        using var document = await gateway.Client(null).GetAsync("openapi.json");
        Assert.Equal("public, no-cache", document.Headers.NonValidated.TryGetValues("Cache-Control", out var cacheControl) ? cacheControl.ToString() : null);
    }
}
