using System.Net;
using System.Text.Json.Nodes;
using CitySense.Testing;

namespace CitySense.EndToEndTests.Callers;

/// <summary>
/// Who may do what, through the DevHost playing API Management with configured callers: keys, products, operators'
/// cities (by id, by body, by batch item and by the legacy route), revocation, concurrent grants, and caller headers a
/// client sends. Each test checks what is stored afterwards, not only the status.
/// </summary>
public sealed class CallerAccessTests(GatewayCallers gateway) : IClassFixture<GatewayCallers>
{
    private const string InProcess = "configures the DevHost's callers (DevHost:Callers)";

    private readonly HttpClient admin = gateway.Client(GatewayCallers.Admin);
    private readonly HttpClient houstonOperator = gateway.Client(GatewayCallers.HoustonOperator);
    private readonly HttpClient reader = gateway.Client(GatewayCallers.Public);

    [InProcessFact(InProcess)]
    public async Task NoKeyOrUnknownKey_401Problem_AnonymousOperationsStillOpen()
    {
        var anonymous = gateway.Client(null);
        var unknown = gateway.Client(new CallerKey("not-a-configured-key", "x", "admin"));

        var missing = await (await anonymous.GetAsync("sensors")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var wrong = await (await unknown.PostAsync("sensors", Api.Json(NewSensor("houston")))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("urn:citysense:problem:unauthorized", (string?)missing["type"]);
        Assert.Equal("urn:citysense:problem:unauthorized", (string?)wrong["type"]);
        Assert.Contains("Ocp-Apim-Subscription-Key", (string?)missing["detail"], StringComparison.Ordinal);
        // The gateway's title (bicep/modules/policies/api.xml): one answer whichever of the two refuses.
        Assert.Equal("A valid subscription key is required.", (string?)missing["title"]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("openapi.json")).StatusCode);
    }

    [InProcessFact(InProcess)]
    public async Task PublicKey_ReadsOnly_EveryOtherCall403NamingTheProduct()
    {
        var body = NewSensor("houston");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("sensors?city=houston")).StatusCode);
        var write = await (await reader.PostAsync("sensors", Api.Json(body))).AssertProblemAsync(HttpStatusCode.Forbidden);
        var grants = await (await reader.GetAsync("operators")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var audit = await (await reader.GetAsync("audit")).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("This key may not write.", (string?)write["title"]);
        Assert.All(new[] { write, grants, audit }, problem =>
        {
            Assert.Equal("urn:citysense:problem:forbidden", (string?)problem["type"]);
            Assert.Contains("public", (string?)problem["detail"], StringComparison.Ordinal);
        });
        await (await admin.GetAsync($"sensors/{Id(body)}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [InProcessFact(InProcess)]
    public async Task OperatorGrantedHouston_ChicagoByBodyIdBatchOrLegacyRoute_403CityForbiddenAndNothingWritten()
    {
        await GrantAsync(GatewayCallers.HoustonOperator, "houston");
        var chicago = NewSensor("chicago");
        var houston = NewSensor("houston");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("sensors", Api.Json(chicago))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await houstonOperator.PostAsync("sensors", Api.Json(houston))).StatusCode);
        var chicagoBefore = await (await admin.GetAsync($"sensors/{Id(chicago)}")).ReadJsonAsync();

        // By body: creating a sensor checks the city it names.
        var elsewhere = NewSensor("chicago");
        await AssertCityForbiddenAsync(await houstonOperator.PostAsync("sensors", Api.Json(elsewhere)), "chicago");
        await (await admin.GetAsync($"sensors/{Id(elsewhere)}")).AssertProblemAsync(HttpStatusCode.NotFound);

        // By id: change, delete, ingest.
        await AssertCityForbiddenAsync(
            await Api.PutJsonAsync(houstonOperator, $"sensors/{Id(chicago)}", new { coordinates = new { lat = 1.0, lon = 1.0 }, status = "inactive" }, null),
            "chicago");
        await AssertCityForbiddenAsync(await houstonOperator.DeleteAsync($"sensors/{Id(chicago)}"), "chicago");
        await AssertCityForbiddenAsync(await Api.IngestAsync(houstonOperator, Id(chicago), new { payload = new { tempC = 20 } }), "chicago");

        // By the legacy route.
        await AssertCityForbiddenAsync(
            await houstonOperator.PostAsync($"v1/weather/chicago/{chicago.location}", Api.Json("""{"payload":{"tempC":21}}""")),
            "chicago");

        // By batch item: only the chicago item fails; the houston one is stored.
        var batch = await houstonOperator.PostAsync("readings", Api.Json(new
        {
            readings = new object[]
            {
                new { sensorId = Id(houston), id = "h-1", payload = new { tempC = 30 } },
                new { sensorId = Id(chicago), id = "c-1", payload = new { tempC = 10 } },
            },
        }));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var results = (await batch.ReadJsonAsync())["results"]!.AsArray();
        Assert.Equal("created", (string?)results[0]!["status"]);
        Assert.Equal("error", (string?)results[1]!["status"]);
        Assert.Equal("urn:citysense:problem:city-forbidden", (string?)results[1]!["problem"]!["type"]);
        Assert.Contains("'chicago'", (string?)results[1]!["problem"]!["detail"], StringComparison.Ordinal);

        // Stored afterwards: the chicago sensor as it was, without readings; the houston reading.
        var chicagoAfter = await (await admin.GetAsync($"sensors/{Id(chicago)}")).ReadJsonAsync();
        Assert.Equal((string?)chicagoBefore["etag"], (string?)chicagoAfter["etag"]);
        Assert.Equal("active", (string?)chicagoAfter["status"]);
        Assert.Empty((await (await admin.GetAsync($"sensors/{Id(chicago)}/readings")).ReadJsonAsync())["items"]!.AsArray());
        var houstonReadings = (await (await admin.GetAsync($"sensors/{Id(houston)}/readings")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Equal("h-1", (string?)Assert.Single(houstonReadings)!["id"]);
    }

    [InProcessFact(InProcess)]
    public async Task Revoke_GrantRemoved_NextWrite403AndReadsStillWork()
    {
        var other = gateway.Client(GatewayCallers.OtherOperator);
        await GrantAsync(GatewayCallers.OtherOperator, "austin");
        var sensor = NewSensor("austin");
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsync("sensors", Api.Json(sensor))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Api.IngestAsync(other, Id(sensor), new { id = "before", payload = new { v = 1 } })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"operators/{GatewayCallers.OtherOperator.Id}")).StatusCode);

        await AssertCityForbiddenAsync(await Api.IngestAsync(other, Id(sensor), new { id = "after", payload = new { v = 2 } }), "austin");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"sensors/{Id(sensor)}")).StatusCode);
        var readings = (await (await admin.GetAsync($"sensors/{Id(sensor)}/readings")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Equal("before", (string?)Assert.Single(readings)!["id"]);
    }

    [InProcessFact(InProcess)]
    public async Task TwoAdmins_SameGrantSameETag_One200One412AndTheWinnerStored()
    {
        var secondAdmin = gateway.Client(GatewayCallers.SecondAdmin);
        var callerId = "race-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Api.PutJsonAsync(admin, $"operators/{callerId}", new { name = "Race", cities = new[] { "houston" } }, null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.Tag;

        var answers = await Task.WhenAll(
            Api.PutJsonAsync(admin, $"operators/{callerId}", new { name = "Race", cities = new[] { "dallas" } }, etag),
            Api.PutJsonAsync(secondAdmin, $"operators/{callerId}", new { name = "Race", cities = new[] { "austin" } }, etag));

        Assert.Equal(
            new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed },
            answers.Select(answer => answer.StatusCode).Order().ToArray());
        var winner = answers.Single(answer => answer.StatusCode == HttpStatusCode.OK);
        var loser = answers.Single(answer => answer.StatusCode == HttpStatusCode.PreconditionFailed);
        Assert.Equal("urn:citysense:problem:precondition-failed", (string?)(await loser.AssertProblemAsync(HttpStatusCode.PreconditionFailed))["type"]);
        var stored = await (await admin.GetAsync($"operators/{callerId}")).ReadJsonAsync();
        Assert.Equal((string?)(await winner.ReadJsonAsync())["cities"]![0], (string?)stored["cities"]![0]);
        Assert.Equal(winner.Headers.ETag!.Tag, (string?)stored["etag"]);
    }

    [InProcessFact(InProcess)]
    public async Task CallerHeadersSentByAClient_IgnoredForTheKeysCaller()
    {
        await GrantAsync(GatewayCallers.HoustonOperator, "houston");
        var sensor = NewSensor("houston");
        using var forgedPublic = new HttpRequestMessage(HttpMethod.Post, "sensors") { Content = Api.Json(sensor) };
        forgedPublic.Headers.Add("X-CitySense-Caller", GatewayCallers.Admin.Id);
        forgedPublic.Headers.Add("X-CitySense-Product", "admin");
        using var forgedOperator = new HttpRequestMessage(HttpMethod.Post, "sensors") { Content = Api.Json(sensor) };
        forgedOperator.Headers.Add("X-CitySense-Caller", GatewayCallers.Admin.Id);
        forgedOperator.Headers.Add("X-CitySense-Product", "admin");

        var asPublic = await reader.SendAsync(forgedPublic);
        var asOperator = await houstonOperator.SendAsync(forgedOperator);

        Assert.Equal("urn:citysense:problem:forbidden", (string?)(await asPublic.AssertProblemAsync(HttpStatusCode.Forbidden))["type"]);
        Assert.Equal(HttpStatusCode.Created, asOperator.StatusCode);
        var stored = await (await admin.GetAsync($"sensors/{Id(sensor)}")).ReadJsonAsync();
        Assert.Equal(GatewayCallers.HoustonOperator.Id, (string?)stored["createdBy"]);
    }

    [InProcessFact(InProcess)]
    public async Task CallerIds_ShownToAdminsAndOperatorsOfTheCityOnly()
    {
        await GrantAsync(GatewayCallers.HoustonOperator, "houston");
        await GrantAsync(GatewayCallers.OtherOperator, "austin");
        var other = gateway.Client(GatewayCallers.OtherOperator);
        var (lat, lon) = Api.RandomPoint();
        var sensor = NewSensor("houston", lat, lon);
        Assert.Equal(HttpStatusCode.Created, (await houstonOperator.PostAsync("sensors", Api.Json(sensor))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Api.IngestAsync(houstonOperator, Id(sensor), new { id = "r-1", payload = new { tempC = 25 } })).StatusCode);
        var near = $"readings/latest?near={Api.F(lat)},{Api.F(lon)}&radius=100";

        foreach (var (client, visible) in new[] { (admin, true), (houstonOperator, true), (other, false), (reader, false) })
        {
            var registration = await (await client.GetAsync($"sensors/{Id(sensor)}")).ReadJsonAsync();
            var reading = Assert.Single((await (await client.GetAsync($"sensors/{Id(sensor)}/readings")).ReadJsonAsync())["items"]!.AsArray())!;
            var latest = await (await client.GetAsync($"sensors/{Id(sensor)}/readings/latest")).ReadJsonAsync();
            var nearby = Assert.Single((await (await client.GetAsync(near)).ReadJsonAsync())["items"]!.AsArray())!;

            var expected = visible ? GatewayCallers.HoustonOperator.Id : null;
            Assert.Equal(expected, (string?)registration["createdBy"]);
            Assert.Equal(expected, (string?)registration["updatedBy"]);
            Assert.Equal(expected, (string?)reading["ingestedBy"]);
            Assert.Equal(expected, (string?)latest["ingestedBy"]);
            Assert.Equal(expected, (string?)nearby["reading"]!["ingestedBy"]);
        }
    }

    [InProcessFact(InProcess)]
    public async Task AuditTrail_OperatorSeesItsCitysChanges_AdminSeesAll_PublicNone()
    {
        await GrantAsync(GatewayCallers.HoustonOperator, "houston");
        var sensor = NewSensor("houston");
        Assert.Equal(HttpStatusCode.Created, (await houstonOperator.PostAsync("sensors", Api.Json(sensor))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.PutJsonAsync(houstonOperator, $"sensors/{Id(sensor)}", new { coordinates = sensor.coordinates, status = "inactive" }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await houstonOperator.DeleteAsync($"sensors/{Id(sensor)}")).StatusCode);

        foreach (var client in new[] { admin, houstonOperator })
        {
            var records = (await (await client.GetAsync($"audit?sensorId={Id(sensor)}")).ReadJsonAsync())["items"]!.AsArray();
            Assert.Equal(["sensor.deleted", "sensor.updated", "sensor.created"], records.Select(record => (string?)record!["operation"]));
            Assert.All(records, record =>
            {
                Assert.Equal(GatewayCallers.HoustonOperator.Id, (string?)record!["callerId"]);
                Assert.Equal("operator", (string?)record["product"]);
                Assert.Equal("houston", (string?)record["city"]);
            });
            var update = records[1]!["changes"]!.AsObject();
            Assert.Equal(["status"], update.Select(change => change.Key));
            Assert.Equal("active", (string?)update["status"]!["old"]);
            Assert.Equal("inactive", (string?)update["status"]!["new"]);
        }

        // An operator's unfiltered trail holds only its cities' sensors, never grants.
        var mine = (await (await houstonOperator.GetAsync("audit?limit=1000")).ReadJsonAsync())["items"]!.AsArray();
        Assert.NotEmpty(mine);
        Assert.All(mine, record => Assert.Equal(("sensor", "houston"), ((string?)record!["targetType"], (string?)record["city"])));
        var everything = (await (await admin.GetAsync($"audit?callerId={GatewayCallers.Admin.Id}&limit=1000")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Contains(everything, record => (string?)record!["operation"] == "operator.created" && (string?)record["targetId"] == GatewayCallers.HoustonOperator.Id);

        await AssertCityForbiddenAsync(await houstonOperator.GetAsync("audit?city=chicago"), "chicago");
        await AssertCityForbiddenAsync(await houstonOperator.GetAsync("audit?sensorId=chicago.state_st.weather"), "chicago");
        await (await reader.GetAsync("audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [InProcessFact("counts the app's Cosmos requests")]
    public async Task CosmosRequests_PublicReadsNoGrantRead_OperatorsOnePointReadMore()
    {
        await GrantAsync(GatewayCallers.HoustonOperator, "houston");
        var sensor = NewSensor("houston");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("sensors", Api.Json(sensor))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Api.IngestAsync(admin, Id(sensor), new { payload = new { tempC = 1 } })).StatusCode);
        var counter = gateway.Host.Counter;

        var publicLatest = await counter.CountAsync(async () => Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"sensors/{Id(sensor)}/readings/latest")).StatusCode));
        var operatorLatest = await counter.CountAsync(async () => Assert.Equal(HttpStatusCode.OK, (await houstonOperator.GetAsync($"sensors/{Id(sensor)}/readings/latest")).StatusCode));
        var adminIngest = await counter.CountAsync(async () => Assert.Equal(HttpStatusCode.Created, (await Api.IngestAsync(admin, Id(sensor), new { payload = new { tempC = 2 } })).StatusCode));
        var operatorIngest = await counter.CountAsync(async () => Assert.Equal(HttpStatusCode.Created, (await Api.IngestAsync(houstonOperator, Id(sensor), new { payload = new { tempC = 3 } })).StatusCode));

        Assert.Equal(["Read Document"], publicLatest);
        Assert.Equal(["Read Document", "Read Document"], operatorLatest);
        Assert.Equal(["Patch Document", "Create Document"], adminIngest);
        Assert.Equal(["Read Document", "Patch Document", "Create Document"], operatorIngest);
    }

    private static TestSensor NewSensor(string city, double lat = Api.TestLat, double lon = Api.TestLon) =>
        new(city, Api.NewLocation(), "weather", new TestCoordinates(lat, lon));

    private static string Id(TestSensor sensor) => $"{sensor.city}.{sensor.location}.{sensor.type}";

    private static async Task AssertCityForbiddenAsync(HttpResponseMessage response, string city)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("urn:citysense:problem:city-forbidden", (string?)problem["type"]);
        Assert.Contains($"'{city}'", (string?)problem["detail"], StringComparison.Ordinal);
    }

    private async Task GrantAsync(CallerKey caller, params string[] cities)
    {
        var response = await Api.PutJsonAsync(admin, $"operators/{caller.Id}", new { name = caller.Id, cities }, null);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"Grant answered {(int)response.StatusCode}.");
    }

    // Lower-case members: serialized as the API's request body.
#pragma warning disable IDE1006, SA1300
    private sealed record TestSensor(string city, string location, string type, TestCoordinates coordinates);

    private sealed record TestCoordinates(double lat, double lon);
#pragma warning restore IDE1006, SA1300
}
