using System.Net;
using System.Text.Json.Nodes;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// Cosmos DB faults between the writes of a registry change (the audit record, the sensor, the record's commit),
/// through the DevHost: whatever a client was answered, a change that can be observed is in the audit trail.
/// </summary>
public sealed class AuditFaultTests(FaultFixture fixture) : IClassFixture<FaultFixture>
{
    private const string AuditContainer = "colls/audit";
    private const string SensorsContainer = "colls/sensors";

    private readonly HttpClient client = fixture.Client;
    private readonly HttpClient clean = fixture.CleanClient;

    public static TheoryData<string, double> UpdateFaults => new()
    {
        { SensorsContainer, 0.0 }, // refused before the change was applied
        { SensorsContainer, 1.0 }, // applied, the answer lost
        { AuditContainer, 0.0 },   // the change made, its record's commit refused
    };

    [Theory]
    [MemberData(nameof(UpdateFaults))]
    public async Task UpdateSensor_FaultBetweenTheWrites_503AndTheChangeSeenIsInTheTrail(string container, double responseLost)
    {
        var sensorId = await ApiCalls.CreateSensorAsync(clean, ApiCalls.NewCity("audit"));
        var etag = (await clean.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative))).Headers.ETag!.Tag;
        fixture.Faults.Apply(new FaultRule(CosmosOperation.Patch, 1.0, [FaultKind.ServiceUnavailable]) { PathContains = container, ResponseLostShare = responseLost });
        HttpResponseMessage response;
        try
        {
            response = await ApiCalls.PutAsync(client, $"/api/sensors/{sensorId}", new { coordinates = new { lat = 1, lon = 2 }, status = "inactive" }, etag);
        }
        finally
        {
            fixture.Faults.Clear();
        }

        await ProblemAssert.IsServiceUnavailableAsync(response);
        var trail = await TrailAsync(sensorId);
        var sensor = await clean.GetJsonAsync($"/api/sensors/{sensorId}");

        // Reading the trail settles the pending record: a change refused before it was applied is made then.
        Assert.Equal("inactive", (string?)sensor["status"]);
        var update = Assert.Single(trail, record => (string?)record["operation"] == "sensor.updated");
        Assert.Equal("active", (string?)update["changes"]!["status"]!["old"]);
        Assert.Equal("inactive", (string?)update["changes"]!["status"]!["new"]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public async Task CreateSensor_SensorWriteFails_TheSensorThatExistsIsInTheTrail(double responseLost)
    {
        var city = ApiCalls.NewCity("audit");
        fixture.Faults.Apply(new FaultRule(CosmosOperation.Create, 1.0, [FaultKind.ServiceUnavailable]) { PathContains = SensorsContainer, ResponseLostShare = responseLost });
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(
                new Uri("/api/sensors", UriKind.Relative),
                ApiCalls.Json(new { city, location = "clay_st", type = "weather", coordinates = new { lat = 1, lon = 1 } }));
        }
        finally
        {
            fixture.Faults.Clear();
        }

        await ProblemAssert.IsServiceUnavailableAsync(response);
        var sensorId = $"{city}.clay_st.weather";
        var trail = await TrailAsync(sensorId);
        using var sensor = await clean.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, sensor.StatusCode);
        Assert.Single(trail, record => (string?)record["operation"] == "sensor.created");
    }

    [Fact]
    public async Task DeleteSensor_DeleteAppliedAnswerLost_GoneAndInTheTrail()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(clean, ApiCalls.NewCity("audit"));
        fixture.Faults.Apply(new FaultRule(CosmosOperation.Delete, 1.0, [FaultKind.ServiceUnavailable]) { PathContains = SensorsContainer, ResponseLostShare = 1.0 });
        HttpResponseMessage response;
        try
        {
            response = await client.DeleteAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));
        }
        finally
        {
            fixture.Faults.Clear();
        }

        await ProblemAssert.IsServiceUnavailableAsync(response);
        var trail = await TrailAsync(sensorId);
        using var sensor = await clean.GetAsync(new Uri($"/api/sensors/{sensorId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, sensor.StatusCode);
        Assert.Single(trail, record => (string?)record["operation"] == "sensor.deleted");
    }

    private async Task<IReadOnlyList<JsonNode>> TrailAsync(string sensorId)
    {
        var page = await clean.GetJsonAsync($"/api/audit?sensorId={sensorId}");
        return [.. page["items"]!.AsArray().Select(item => item!)];
    }
}
