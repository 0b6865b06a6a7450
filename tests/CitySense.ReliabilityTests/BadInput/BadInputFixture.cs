using System.Net;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.BadInput;

/// <summary>
/// A database with three sensors of one city (two with history, one inactive) and real cursors of every listing,
/// for generated bad input to aim at.
/// </summary>
public sealed class BadInputFixture : ApiFixture
{
    public const string City = "badinput";
    public const double Lat = 29.742079;
    public const double Lon = -95.346254;

    public string Main { get; } = $"{City}.main_st.weather";

    public string Other { get; } = $"{City}.oak_st.air_quality";

    public string Inactive { get; } = $"{City}.pine_st.traffic";

    /// <summary>ETag of <see cref="Main"/>.</summary>
    public string MainETag { get; private set; } = string.Empty;

    /// <summary>Cursor of the second page of <see cref="Main"/>'s history (limit 2).</summary>
    public string MainReadingsCursor { get; private set; } = string.Empty;

    /// <summary>Cursor of the second page of <see cref="Other"/>'s history (limit 1).</summary>
    public string OtherReadingsCursor { get; private set; } = string.Empty;

    /// <summary>Cursor of the second page of <c>GET /sensors?city=badinput&amp;limit=1</c>.</summary>
    public string SensorsCursor { get; private set; } = string.Empty;

    /// <summary>Cursor of the second page of <c>GET /readings/latest?near={Lat},{Lon}&amp;limit=1</c>.</summary>
    public string NearCursor { get; private set; } = string.Empty;

    public static string Near => FormattableString.Invariant($"{Lat},{Lon}");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ApiCalls.CreateSensorAsync(Client, City, "main_st", "weather", Lat, Lon);
        await ApiCalls.CreateSensorAsync(Client, City, "oak_st", "air_quality", Lat + 0.001, Lon);
        await ApiCalls.CreateSensorAsync(Client, City, "pine_st", "traffic", Lat + 0.002, Lon);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < 5; i++)
        {
            (await ApiCalls.IngestAsync(Client, Main, new { id = $"m{i}", timestamp = start.AddMinutes(i), payload = new { tempC = 20 + i, note = "fixture" } })).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 3; i++)
        {
            (await ApiCalls.IngestAsync(Client, Other, new { id = $"o{i}", timestamp = start.AddMinutes(i), payload = new { pm25 = 5 + i } })).EnsureSuccessStatusCode();
        }

        using var inactive = await Client.GetAsync(new Uri($"/api/sensors/{Inactive}", UriKind.Relative));
        using var update = await ApiCalls.PutAsync(
            Client, $"/api/sensors/{Inactive}", new { coordinates = new { lat = Lat + 0.002, lon = Lon }, status = "inactive" }, inactive.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        using var main = await Client.GetAsync(new Uri($"/api/sensors/{Main}", UriKind.Relative));
        MainETag = main.Headers.ETag!.Tag;
        MainReadingsCursor = (string)(await Client.GetJsonAsync($"/api/sensors/{Main}/readings?limit=2"))["nextCursor"]!;
        OtherReadingsCursor = (string)(await Client.GetJsonAsync($"/api/sensors/{Other}/readings?limit=1"))["nextCursor"]!;
        SensorsCursor = (string)(await Client.GetJsonAsync($"/api/sensors?city={City}&limit=1"))["nextCursor"]!;
        NearCursor = (string)(await Client.GetJsonAsync($"/api/readings/latest?near={Near}&limit=1"))["nextCursor"]!;
    }
}
