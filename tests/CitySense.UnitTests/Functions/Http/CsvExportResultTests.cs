using System.Runtime.CompilerServices;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Functions.Http;

// The bytes on the wire are the point of an export: these tests execute the result.
public sealed class CsvExportResultTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private readonly Sensor sensor = TestSensors.Create(TestSensors.NewId());

    [Fact]
    public async Task ExecuteAsync_Readings_WritesAHeaderAndOneCrlfLinePerReadingAsAnAttachment()
    {
        var export = Export(["tempC", "wind.speed"], Reading("r-2", """{"tempC":21.5,"wind":{"speed":3}}"""), Reading("r-1", """{"tempC":-1}"""));

        var response = await HttpTestContext.ExecuteAsync(new CsvExportResult(export));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.ContentType);
        Assert.Equal($"attachment; filename=\"{sensor.Id}-readings.csv\"", response.Header("Content-Disposition"));
        Assert.Equal(
            "id,timestamp,receivedAt,tempC,wind.speed\r\n"
            + "r-2,2026-01-31T12:00:00.0000000Z,2026-01-31T12:00:00.0000000Z,21.5,3\r\n"
            + "r-1,2026-01-31T12:00:00.0000000Z,2026-01-31T12:00:00.0000000Z,-1,\r\n",
            response.Body);
    }

    [Fact]
    public async Task ExecuteAsync_CellsWithCommasQuotesOrEdgeSpaces_QuotesThemAsRfc4180Says()
    {
        var export = Export(["a", "b", "c", "d"], Reading("r-1", """{"a":"x,y","b":"say \"hi\"","c":" padded","d":"line\nbreak"}"""));

        var response = await HttpTestContext.ExecuteAsync(new CsvExportResult(export));

        var row = response.Body.Split("\r\n")[1];
        Assert.EndsWith(",\"x,y\",\"say \"\"hi\"\"\",\" padded\",\"line\nbreak\"", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_BooleansNullsAndArrays_WritesThemAsText()
    {
        var export = Export(["on", "off", "none", "list"], Reading("r-1", """{"on":true,"off":false,"none":null,"list":[1,2]}"""));

        var response = await HttpTestContext.ExecuteAsync(new CsvExportResult(export));

        Assert.EndsWith(",true,false,,\"[1,2]\"", response.Body.Split("\r\n")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoReadings_WritesTheHeaderOnly()
    {
        var response = await HttpTestContext.ExecuteAsync(new CsvExportResult(Export([])));

        Assert.Equal("id,timestamp,receivedAt\r\n", response.Body);
    }

    [Fact]
    public async Task ExecuteAsync_Body_HasNoByteOrderMark()
    {
        var response = await HttpTestContext.ExecuteAsync(new CsvExportResult(Export([])));

        Assert.StartsWith("id,", response.Body, StringComparison.Ordinal);
    }

    private ReadingExport Export(IReadOnlyList<string> columns, params Reading[] rows) =>
        new(sensor.Id.ToString(), columns, cancellationToken => Enumerate(rows, cancellationToken));

    private Reading Reading(string id, string payload) => TestReadings.Create(sensor, id, Time, payload: JsonText.Element(payload));

    private static async IAsyncEnumerable<Reading> Enumerate(Reading[] rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return row;
        }
    }
}
