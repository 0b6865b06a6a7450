using System.Net;
using CitySense.Testing;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// Webhook targets that would reach into private networks are refused at creation and on replace, with a 400 problem
/// naming <c>url</c> and the range, and nothing is stored. Names resolve from a fixed table (<see cref="SsrfHost"/>),
/// and nothing connects anywhere: a subscription is only stored here.
/// </summary>
public sealed class SsrfTests(SsrfHost host) : IClassFixture<SsrfHost>
{
    [InProcessTheory("replaces the DevHost's resolver and webhook settings")]
    [InlineData("https://10.0.0.1/hook", "10.0.0.1 is private")]
    [InlineData("https://127.0.0.1/hook", "127.0.0.1 is loopback")]
    [InlineData("http://127.0.0.1:8080/hook", "127.0.0.1 is loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is link-local")]
    [InlineData("https://[::ffff:169.254.169.254]/", "IPv4-mapped")]
    [InlineData("https://intranet.example.org/hook", "10.20.30.40 is private")]
    [InlineData("https://metadata.example.org/hook", "169.254.169.254 is link-local")]
    [InlineData("http://hooks.example.org/hook", "must use https")]
    [InlineData("https://unknown.example.org/hook", "must name a host that resolves")]
    public async Task CreateSubscription_TargetNotPublic_400NamingUrlAndTheRangeNothingStored(string url, string rule)
    {
        var client = host.Client();

        using var response = await client.PostAsync("subscriptions", Api.Json(new { url, filter = new { city = "houston" } }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "url");
        Assert.Contains(rule, (string?)problem["errors"]!["url"]![0], StringComparison.Ordinal);
    }

    [InProcessFact("replaces the DevHost's resolver and webhook settings")]
    public async Task UpdateAndLimit_PublicTargetAccepted_PrivateReplacementRefused_ThirdSubscriptionRefused()
    {
        var client = host.Client();
        var ids = new List<string>();
        foreach (var (url, status) in new[] { ("https://hooks.example.org/a", HttpStatusCode.Created), ("https://93.184.216.34/b", HttpStatusCode.Created) })
        {
            using var created = await client.PostAsync("subscriptions", Api.Json(new { url, filter = new { city = "houston" } }));
            Assert.Equal(status, created.StatusCode);
            ids.Add((string)(await created.ReadJsonAsync())["id"]!);
        }

        using var third = await client.PostAsync("subscriptions", Api.Json(new { url = "https://hooks.example.org/c", filter = new { city = "houston" } }));
        using var replaced = await Api.PutJsonAsync(client, $"subscriptions/{ids[0]}", new { url = "https://intranet.example.org/a", filter = new { city = "houston" } }, null);

        var limit = await third.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:citysense:problem:subscription-limit", (string?)limit["type"]);
        await replaced.AssertProblemAsync(HttpStatusCode.BadRequest, "url");
        Assert.Equal("https://hooks.example.org/a", (string?)(await (await client.GetAsync($"subscriptions/{ids[0]}")).ReadJsonAsync())["url"]);
    }
}
