using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.IntegrationTests;

/// <summary>Cosmos requests per application operation: deterministic, so asserted exactly.</summary>
public sealed class RoundTripTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    public async Task Ingest_InOrderAtAnyHistorySize_TwoOperations(int historySize)
    {
        var sensor = await RegisterAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < historySize; i++)
        {
            await IngestAsync(sensor, start.AddSeconds(i));
        }

        var sent = await fixture.Counter.CountAsync(() => IngestAsync(sensor, DateTimeOffset.UtcNow));

        Assert.Equal(["Patch Document", "Create Document"], sent);
    }

    [Fact]
    public async Task Ingest_LateReading_ThreeOperationsAndLatestUnchanged()
    {
        var sensor = await RegisterAsync();
        await IngestAsync(sensor, DateTimeOffset.UtcNow);

        var sent = await fixture.Counter.CountAsync(() => IngestAsync(sensor, DateTimeOffset.UtcNow.AddMinutes(-10)));

        Assert.Equal(["Patch Document", "Read Document", "Create Document"], sent);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    public async Task GetLatest_AtAnyHistorySize_OnePointRead(int historySize)
    {
        var sensor = await RegisterAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < historySize; i++)
        {
            await IngestAsync(sensor, start.AddSeconds(i));
        }

        IReadOnlyList<string> sent = [];
        sent = await fixture.Counter.CountAsync(async () => Assert.True((await fixture.ReadingService.GetLatestAsync(sensor, Ct)).Succeeded));

        Assert.Equal(["Read Document"], sent);
    }

    [Fact]
    public async Task ListReadings_FirstPageOfRecentHistory_OneReadAndOneQuery()
    {
        var sensor = await RegisterAsync();
        for (var i = 0; i < 30; i++)
        {
            await IngestAsync(sensor, DateTimeOffset.UtcNow.AddSeconds(-i));
        }

        var sent = await fixture.Counter.CountAsync(async () =>
            Assert.Equal(20, (await fixture.ReadingService.ListAsync(sensor, new ReadingListQuery { Limit = "20" }, Ct)).Value!.Items.Count));

        Assert.Equal(["Read Document", "Query Document"], sent);
    }

    [Fact]
    public async Task CreateAndGetSensor_OneOperationEach()
    {
        var city = "rt-" + Guid.NewGuid().ToString("N")[..8];
        var request = new CreateSensorRequest { City = city, Location = "a", Type = "weather", Coordinates = new CoordinatesInput { Lat = 1, Lon = 2 } };

        var created = await fixture.Counter.CountAsync(() => fixture.SensorService.CreateAsync(request, Ct));
        var read = await fixture.Counter.CountAsync(() => fixture.SensorService.GetAsync($"{city}.a.weather", Ct));

        Assert.Equal(["Create Document"], created);
        Assert.Equal(["Read Document"], read);
    }

    private async Task<string> RegisterAsync()
    {
        var city = "rt-" + Guid.NewGuid().ToString("N")[..8];
        var outcome = await fixture.SensorService.CreateAsync(
            new CreateSensorRequest { City = city, Location = "main_st", Type = "weather", Coordinates = new CoordinatesInput { Lat = 30.3, Lon = -97.7 } },
            Ct);
        return outcome.Value!.Id.ToString();
    }

    private async Task IngestAsync(string sensorId, DateTimeOffset timestamp)
    {
        var payload = System.Text.Json.JsonDocument.Parse("""{"tempC":20.5}""").RootElement;
        var outcome = await fixture.ReadingService.IngestAsync(sensorId, new IngestReadingRequest { Timestamp = timestamp, Payload = payload }, Ct);
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }
}
