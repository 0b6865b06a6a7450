using System.Net;
using System.Text.Json.Nodes;
using CitySense.DevHost.Demo;
using CitySense.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CitySense.EndToEndTests;

/// <summary>
/// README's first run: the DevHost with its demo data and 48 hours of demo history answers latest, history, CSV,
/// aggregates and summaries for a demo sensor on the first try.
/// </summary>
public sealed class DemoHistoryTests : IAsyncLifetime, IDisposable
{
    private const string Reason = "the demo history is the DevHost's";
    private const string Sensor = "houston.clay_st.weather";

    // Taken before the host starts: the seeder's newest reading is on the last 5-minute mark before its own start,
    // however long the host or this test then takes on a busy machine.
    private readonly DateTimeOffset beforeStart = DateTimeOffset.UtcNow;
    private readonly DevHostFactory host = new(new Dictionary<string, string?> { ["DevHost:DemoHistoryHours"] = "48" });
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        client = host.CreateClient(new() { BaseAddress = new Uri("http://localhost/api/") });
        await host.Services.GetServices<IHostedService>().OfType<DemoDataSeeder>().Single().History;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose()
    {
        client.Dispose();
        host.Dispose();
    }

    [InProcessFact(Reason)]
    public async Task DemoSensor_LatestAndHistory_AReadingEvery5MinutesFor48Hours()
    {
        var latest = await GetJsonAsync($"sensors/{Sensor}/readings/latest");
        var page = await GetJsonAsync($"sensors/{Sensor}/readings?limit=1000");

        var newest = DateTimeOffset.Parse((string)latest["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(newest, beforeStart - DemoHistory.Step, DateTimeOffset.UtcNow);
        Assert.Equal(48 * 12, page["items"]!.AsArray().Count);
        Assert.NotNull(latest["payload"]!["tempC"]);
    }

    [InProcessFact(Reason)]
    public async Task DemoSensor_HourlyAggregates_CoverEveryReading()
    {
        var hourly = await GetJsonAsync($"sensors/{Sensor}/readings/aggregate?interval=1h&fields=tempC");
        var buckets = hourly["items"]!.AsArray();

        Assert.InRange(buckets.Count, 48, 49);
        Assert.Equal(48 * 12, buckets.Sum(bucket => (int)bucket!["count"]!));
        Assert.All(buckets, bucket => Assert.InRange((double)bucket!["fields"]!["tempC"]!["avg"]!, -10, 45));
    }

    [InProcessFact(Reason)]
    public async Task DemoCity_LatestSummary_EveryDemoSensorOfTheType()
    {
        var summary = await GetJsonAsync("readings/latest/summary?city=houston&type=air_quality");

        Assert.Equal(2, (int)summary["sensors"]!);
        Assert.Equal(2, (int)summary["fields"]!["pm25"]!["count"]!);
    }

    private async Task<JsonNode> GetJsonAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
