using System.Net;
using System.Text.Json.Nodes;
using CitySense.Testing;

namespace CitySense.EndToEndTests.Callers;

/// <summary>
/// Grants and the audit trail as the CitySense team uses them, in-process or against any CitySense with an admin
/// (CITYSENSE_ADMIN_KEY through a gateway). The grants are for made-up caller ids, so no real key gains a city.
/// </summary>
public sealed class GrantAndAuditTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    [AdminFact]
    public async Task Grant_CreateRepeatReplaceRevoke_ETagsGuardEachStepAndTheTrailRecordsIt()
    {
        var admin = target.CreateAdminClient();
        var callerId = "e2e-operator-" + Guid.NewGuid().ToString("N")[..10];
        var url = $"operators/{callerId}";

        var created = await Api.PutJsonAsync(admin, url, new { name = "  E2E operator  ", cities = new[] { target.City, target.City } }, null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/operators/{callerId}", created.Headers.Location?.OriginalString);
        var grant = await created.ReadJsonAsync();
        Assert.Equal("E2E operator", (string?)grant["name"]);
        Assert.Equal([target.City], grant["cities"]!.AsArray().Select(city => (string?)city));
        Assert.Equal(created.Headers.ETag!.Tag, (string?)grant["etag"]);

        // The same grant again changes nothing: 200, same ETag.
        var again = await Api.PutJsonAsync(admin, url, new { name = "E2E operator", cities = new[] { target.City } }, null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(created.Headers.ETag.Tag, again.Headers.ETag!.Tag);

        var replaced = await Api.PutJsonAsync(admin, url, new { name = "E2E operator", cities = Array.Empty<string>() }, created.Headers.ETag.Tag);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var stale = await Api.PutJsonAsync(admin, url, new { name = "E2E operator", cities = new[] { "x" } }, created.Headers.ETag.Tag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var read = await admin.GetAsync(url);
        Assert.Equal(replaced.Headers.ETag!.Tag, read.Headers.ETag!.Tag);
        Assert.Empty((await read.ReadJsonAsync())["cities"]!.AsArray());

        using (var staleDelete = new HttpRequestMessage(HttpMethod.Delete, url))
        {
            staleDelete.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag.Tag);
            await (await admin.SendAsync(staleDelete)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(url)).StatusCode);
        await (await admin.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);

        var trail = (await (await admin.GetAsync($"audit?callerId={Uri.EscapeDataString(await CallerIdOfAsync(admin, callerId))}&limit=1000")).ReadJsonAsync())["items"]!.AsArray()
            .Where(record => (string?)record!["targetId"] == callerId)
            .ToList();
        Assert.Equal(["operator.deleted", "operator.updated", "operator.created"], trail.Select(record => (string?)record!["operation"]));
        Assert.Equal([target.City], trail[2]!["changes"]!["cities"]!["new"]!.AsArray().Select(city => (string?)city));
        Assert.Empty(trail[1]!["changes"]!["cities"]!["new"]!.AsArray());
        Assert.Null(trail[1]!["changes"]!["name"]);
    }

    [AdminFact]
    public async Task SensorChanges_ByTheTestKey_ListedNewestFirstWithOldAndNewValues()
    {
        var writer = target.CreateClient();
        var admin = target.CreateAdminClient();
        var sensorId = await Api.CreateSensorAsync(writer);
        var moved = new { coordinates = new { lat = Api.TestLat + 0.001, lon = Api.TestLon }, status = "inactive", metadata = new { note = "moved" } };
        Assert.Equal(HttpStatusCode.OK, (await Api.PutJsonAsync(writer, $"sensors/{sensorId}", moved, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"sensors/{sensorId}")).StatusCode);

        var response = await admin.GetAsync($"audit?sensorId={sensorId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = (await response.ReadJsonAsync())["items"]!.AsArray();
        Assert.Equal(["sensor.deleted", "sensor.updated", "sensor.created"], records.Select(record => (string?)record!["operation"]));
        Assert.Single(records.Select(record => (string?)record!["callerId"]).Distinct());
        Assert.All(records, record => Assert.Equal(sensorId, (string?)record!["targetId"]));
        var changes = records[1]!["changes"]!;
        Assert.Equal(Api.TestLat, (double?)changes["coordinates"]!["old"]!["lat"]);
        Assert.Equal(Api.TestLat + 0.001, (double?)changes["coordinates"]!["new"]!["lat"]);
        Assert.Equal("inactive", (string?)changes["status"]!["new"]);
        Assert.Equal("moved", (string?)changes["metadata"]!["new"]!["note"]);
        Assert.Null(records[2]!["changes"]!["status"]!["old"]);
        Assert.Null(records[0]!["changes"]!["status"]!["new"]);
        var times = records.Select(record => DateTimeOffset.Parse((string)record!["time"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    /// <summary>Who the admin client is, as the trail names it: the caller of the grant change it just made.</summary>
    private static async Task<string> CallerIdOfAsync(HttpClient admin, string grantedId)
    {
        var recent = (await (await admin.GetAsync("audit?limit=100")).ReadJsonAsync())["items"]!.AsArray();
        return (string)recent.First(record => (string?)record!["targetId"] == grantedId)!["callerId"]!;
    }
}
