using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Readings;

public sealed class HistoryServiceExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly TestServices services = new(Now, retentionDays: 365);
    private readonly Sensor sensor;

    public HistoryServiceExportTests()
    {
        sensor = services.AddSensor();
    }

    [Fact]
    public async Task ExportAsync_Range_ReturnsEveryPayloadFieldAsASortedColumnAndTheReadingsNewestFirst()
    {
        var older = services.AddReading(sensor, "older", Now.AddDays(-40), payload: JsonText.Element("""{"tempC":1,"wind":{"speed":2}}"""));
        var newer = services.AddReading(sensor, "newer", Now.AddDays(-1), payload: JsonText.Element("""{"humidity":50,"tempC":3}"""));

        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);

        var export = outcome.Value!;
        Assert.Equal(sensor.Id.ToString(), export.SensorId);
        Assert.Equal(["humidity", "tempC", "wind.speed"], export.Columns);
        Assert.Equal([newer, older], await ToListAsync(export.Rows(CancellationToken.None)));
    }

    [Fact]
    public async Task ExportAsync_FromAndTo_IncludesReadingsAtBothEnds()
    {
        var from = Now.AddDays(-10);
        var to = Now.AddDays(-5);
        services.AddReading(sensor, "before", from.AddTicks(-1));
        var atFrom = services.AddReading(sensor, "at-from", from);
        var atTo = services.AddReading(sensor, "at-to", to);
        services.AddReading(sensor, "after", to.AddTicks(1));

        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, from, to), CancellationToken.None);

        Assert.Equal([atTo, atFrom], await ToListAsync(outcome.Value!.Rows(CancellationToken.None)));
    }

    [Fact]
    public async Task ExportAsync_ReadingOlderThanRetention_IsLeftOut()
    {
        services.AddReading(sensor, "expired", Now.AddDays(-366));
        var kept = services.AddReading(sensor, "kept", Now.AddDays(-364));

        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, Now.AddYears(-5), null), CancellationToken.None);

        Assert.Equal([kept], await ToListAsync(outcome.Value!.Rows(CancellationToken.None)));
    }

    [Fact]
    public async Task ExportAsync_Rows_AreReadFromTheStoreWhenEnumeratedNotBefore()
    {
        services.AddReading(sensor, "a", Now.AddDays(-1));
        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);
        services.ResetCalls();
        var late = services.AddReading(sensor, "late", Now.AddMinutes(-1));

        var rows = await ToListAsync(outcome.Value!.Rows(CancellationToken.None));

        Assert.Contains(late, rows);
        Assert.NotEmpty(services.ReadingListings);
    }

    [Fact]
    public async Task ExportAsync_MoreThan500PayloadFields_ReturnsValidationForTo()
    {
        for (var i = 0; i < 6; i++)
        {
            services.AddReading(sensor, $"r{i}", Now.AddHours(-i), payload: JsonText.Element(JsonText.WithProperties(100).Replace("\"p", $"\"r{i}p", StringComparison.Ordinal)));
        }

        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);

        var problem = ProblemAssert.Validation(outcome, "to");
        Assert.Contains("500", problem.Errors!["to"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_Exactly500PayloadFields_IsExported()
    {
        for (var i = 0; i < 5; i++)
        {
            services.AddReading(sensor, $"r{i}", Now.AddHours(-i), payload: JsonText.Element(JsonText.WithProperties(100).Replace("\"p", $"\"r{i}p", StringComparison.Ordinal)));
        }

        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(sensor.Id, null, null), CancellationToken.None);

        Assert.Equal(HistoryService.MaxExportColumns, outcome.Value!.Columns.Count);
    }

    [Fact]
    public async Task ExportAsync_UnknownSensor_ReturnsNotFound()
    {
        var outcome = await services.HistoryService.ExportAsync(new ReadingRange(TestSensors.NewId(), null, null), CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.NotFound);
        Assert.Empty(services.Readings.Calls);
    }

    private static async Task<List<Reading>> ToListAsync(IAsyncEnumerable<Reading> readings)
    {
        var list = new List<Reading>();
        await foreach (var reading in readings)
        {
            list.Add(reading);
        }

        return list;
    }
}
