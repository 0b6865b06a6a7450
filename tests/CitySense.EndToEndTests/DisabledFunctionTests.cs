using System.Net;
using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>
/// An HTTP function disabled by the app setting <c>AzureWebJobs.&lt;name&gt;.Disabled</c> is not served, as the
/// Functions host does not serve it: its route is a 404 problem while every other route answers as before.
/// </summary>
public sealed class DisabledFunctionTests : IDisposable
{
    private readonly DevHostFactory host = new(new Dictionary<string, string?>
    {
        ["DevHost:SeedDemoData"] = "false",
        ["AzureWebJobs.GetLatestReading.Disabled"] = "true",
        ["AzureWebJobs.ListReadings.Disabled"] = "1",
        ["AzureWebJobs.GetSensor.Disabled"] = "false",
    });

    public void Dispose() => host.Dispose();

    [InProcessFact("configures the in-process DevHost's app settings")]
    public async Task DisabledHttpFunctions_Answer404_TheOthersStillServe()
    {
        using var client = host.CreateDefaultClient(TargetSettings.InProcessBaseUrl);
        var sensorId = await Api.CreateSensorAsync(client);
        using var ingested = await Api.IngestAsync(client, sensorId, new { id = "r1", payload = new { v = 1 } });

        using var latest = await client.GetAsync($"sensors/{sensorId}/readings/latest");
        using var history = await client.GetAsync($"sensors/{sensorId}/readings");
        using var sensor = await client.GetAsync($"sensors/{sensorId}");

        Assert.Equal(HttpStatusCode.Created, ingested.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
        Assert.Equal("application/problem+json", latest.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sensor.StatusCode);
    }
}
