using System.Net;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Limits;

/// <summary>
/// Data for the page-size limits: a city with 1,001 sensors near one point, 201 of them of one type with a reading,
/// and one sensor with 1,001 readings.
/// </summary>
public sealed class LimitsFixture : ApiFixture
{
    public const double Lat = 41.8781;
    public const double Lon = -87.6298;
    public const string NearType = "near_type";

    public string City { get; } = ApiCalls.NewCity("limits");

    /// <summary>A sensor with 1,001 readings.</summary>
    public string Busy { get; private set; } = string.Empty;

    public static string Near => FormattableString.Invariant($"{Lat},{Lon}");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1001), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await ApiCalls.CreateSensorAsync(Client, City, $"loc{i:D4}", i < 201 ? NearType : "other", Lat + ((i % 50) * 0.0001), Lon + ((i / 50) * 0.0001)));
        await IngestBatchAsync(Enumerable.Range(0, 201).Select(i => (object)new { sensorId = $"{City}.loc{i:D4}.{NearType}", payload = new { v = i } }));

        Busy = $"{City}.loc1000.other";
        var start = DateTimeOffset.UtcNow.AddHours(-5);
        var readings = Enumerable.Range(0, 1001).Select(i => (object)new { sensorId = Busy, id = $"r{i:D4}", timestamp = start.AddSeconds(i), payload = new { v = i } }).ToList();
        foreach (var chunk in readings.Chunk(500))
        {
            await IngestBatchAsync(chunk);
        }
    }

    private async Task IngestBatchAsync(IEnumerable<object> readings)
    {
        using var response = await Client.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(new { readings }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (int?)(await response.ReadJsonAsync())["errors"]);
    }
}
