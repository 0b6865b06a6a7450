using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CitySense.EndToEndTests.Callers;
using CitySense.Testing;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// Webhook subscriptions through the DevHost playing API Management: every product subscribes, each key sees and
/// manages only its own (another key's is 404), admins see all; ETags, secret rotation and deletion.
/// </summary>
public sealed class SubscriptionTests(GatewayCallers gateway) : IClassFixture<GatewayCallers>
{
    [InProcessFact("configures the DevHost's callers (DevHost:Callers)")]
    public async Task PublicKey_CreatesReadsReplacesRotatesAndDeletesItsOwnSubscription()
    {
        var reader = gateway.Client(GatewayCallers.Public);

        using var created = await reader.PostAsync("subscriptions", Api.Json(Body("houston", "for the test")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = await created.ReadJsonAsync();
        var id = (string)subscription["id"]!;
        var secret = (string)subscription["secret"]!;
        Assert.Equal($"/api/subscriptions/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(GatewayCallers.Public.Id, (string?)subscription["ownerId"]);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(created.Headers.ETag?.Tag, (string?)subscription["etag"]);

        using var read = await reader.GetAsync($"subscriptions/{id}");
        var readBody = await read.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Null(readBody["secret"]);
        Assert.Equal("no-store", read.Headers.CacheControl?.ToString());
        Assert.True(JsonNode.DeepEquals(subscription["filter"], readBody["filter"]));

        using var replaced = await Api.PutJsonAsync(reader, $"subscriptions/{id}", Body("houston", "changed"), created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("changed", (string?)(await replaced.ReadJsonAsync())["description"]);
        using var stale = await Api.PutJsonAsync(reader, $"subscriptions/{id}", Body("houston", "lost update"), created.Headers.ETag!.Tag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        using var rotated = await reader.PostAsync($"subscriptions/{id}/secret", null);
        var rotatedBody = await rotated.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(secret, (string?)rotatedBody["secret"]);
        Assert.NotNull(rotatedBody["previousSecretExpiresAt"]);

        using var deleted = await reader.DeleteAsync($"subscriptions/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await reader.GetAsync($"subscriptions/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [InProcessFact("configures the DevHost's callers (DevHost:Callers)")]
    public async Task AnotherKeysSubscription_IsNotFoundForItButAdminsSeeIt()
    {
        var owner = gateway.Client(GatewayCallers.HoustonOperator);
        var other = gateway.Client(GatewayCallers.OtherOperator);
        var admin = gateway.Client(GatewayCallers.Admin);
        using var created = await owner.PostAsync("subscriptions", Api.Json(Body("houston", null)));
        var id = (string)(await created.ReadJsonAsync())["id"]!;

        await (await other.GetAsync($"subscriptions/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Api.PutJsonAsync(other, $"subscriptions/{id}", Body("chicago", null), null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"subscriptions/{id}/secret", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"subscriptions/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await AllIdsAsync(other));
        Assert.Contains(id, await AllIdsAsync(owner));
        Assert.Contains(id, await AllIdsAsync(admin));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"subscriptions/{id}")).StatusCode);
    }

    [InProcessFact("configures the DevHost's callers (DevHost:Callers)")]
    public async Task InvalidFilter_400NamingTheFieldNothingStored()
    {
        var client = gateway.Client(GatewayCallers.Public);
        var before = await AllIdsAsync(client);

        using var response = await client.PostAsync("subscriptions", Api.Json(new
        {
            url = "http://127.0.0.1:9/hook",
            filter = new { near = new { lat = 29.7, lon = -95.3, radius = 60_000 }, conditions = new[] { new { field = "pm25", op = "above", value = 1 } } },
        }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "filter.near.radius");
        Assert.NotNull(problem["errors"]!["filter.conditions[0].op"]);
        Assert.Equal(before, await AllIdsAsync(client));
    }

    private static object Body(string city, string? description) => new
    {
        url = "http://127.0.0.1:9/hook",
        description,
        filter = new { city, type = "air_quality", near = new { lat = 29.76, lon = -95.37, radius = 2000 }, conditions = new[] { new { field = "pm25", op = "gt", value = 35.5 } }, match = "all" },
    };

    private static async Task<List<string>> AllIdsAsync(HttpClient client)
    {
        var ids = new List<string>();
        string? next = "subscriptions?limit=2";
        while (next is not null)
        {
            using var page = await client.GetAsync(next.StartsWith("/api/", StringComparison.Ordinal) ? next["/api/".Length..] : next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var body = await page.Content.ReadFromJsonAsync<JsonObject>();
            ids.AddRange(body!["items"]!.AsArray().Select(item => (string)item!["id"]!));
            next = page.NextLink();
        }

        return ids;
    }
}
