using System.Net;
using System.Text;

namespace CitySense.EndToEndTests;

/// <summary>Batch ingest, stable paging under concurrent ingest, and CSV export.</summary>
public sealed class BatchAndExportTests(CitySenseTarget target) : IClassFixture<CitySenseTarget>
{
    private readonly HttpClient client = target.CreateClient();

    [Fact]
    public async Task Batch_500ItemsWithInvalidItemsAndDuplicates_ReportsEachInOrderAndRetryCreatesNothing()
    {
        var first = await Api.CreateSensorAsync(client);
        var second = await Api.CreateSensorAsync(client);
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var items = new List<object>();
        for (var i = 0; i < 500; i++)
        {
            items.Add((i % 50) switch
            {
                7 => new { sensorId = "not a sensor", payload = new { v = i } },
                8 => new { sensorId = first, id = $"e{i}", payload = new { } },
                9 => new { sensorId = $"{Api.City}.{Api.NewLocation()}.weather", payload = new { v = i } },
                10 => new { sensorId = first, id = "r000", timestamp = start, payload = new { v = 0 } },
                _ => new { sensorId = i % 2 == 0 ? first : second, id = $"r{i:D3}", timestamp = start.AddSeconds(i), payload = new { v = i } },
            });
        }

        var body = new { readings = items };

        var response = await client.PostAsync("readings", Api.Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadJsonAsync();
        var results = result["results"]!.AsArray();
        Assert.Equal(500, results.Count);
        Assert.Equal(Enumerable.Range(0, 500), results.Select(r => (int)r!["index"]!));
        Assert.Equal("error", (string?)results[7]!["status"]);
        Assert.Equal(400, (int?)results[7]!["problem"]?["status"]);
        Assert.NotNull(results[7]!["problem"]?["errors"]?["sensorId"]);
        Assert.Equal("error", (string?)results[8]!["status"]);
        Assert.NotNull(results[8]!["problem"]?["errors"]?["payload"]);
        Assert.Equal(404, (int?)results[9]!["problem"]?["status"]);
        Assert.Equal("created", (string?)results[0]!["status"]);
        Assert.Equal("duplicate", (string?)results[10]!["status"]);
        Assert.Equal("r000", (string?)results[10]!["reading"]?["id"]);
        var errors = items.Count / 50 * 3;
        var duplicates = items.Count / 50;
        Assert.Equal(500 - errors - duplicates, (int)result["created"]!);
        Assert.Equal(duplicates, (int)result["duplicates"]!);
        Assert.Equal(errors, (int)result["errors"]!);

        var latest = await (await client.GetAsync($"sensors/{second}/readings/latest")).ReadJsonAsync();
        Assert.Equal("r499", (string?)latest["id"]);

        // The same batch again: nothing new, every stored item reported as a duplicate.
        var retry = await (await client.PostAsync("readings", Api.Json(body))).ReadJsonAsync();
        Assert.Equal(0, (int)retry["created"]!);
        Assert.Equal(500 - errors, (int)retry["duplicates"]!);
        var stored = await CountReadingsAsync(first) + await CountReadingsAsync(second);
        Assert.Equal(500 - errors - duplicates, stored);
    }

    [Fact]
    public async Task Batch_OutOfOrderItemsOfOneSensor_LatestIsTheNewest()
    {
        var sensor = await Api.CreateSensorAsync(client);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var items = Enumerable.Range(0, 200).OrderBy(_ => Random.Shared.Next())
            .Select(i => new { sensorId = sensor, id = $"r{i:D3}", timestamp = start.AddSeconds(i), payload = new { v = i } }).ToList();

        var response = await client.PostAsync("readings", Api.Json(new { readings = items }));

        Assert.Equal(200, (int)(await response.ReadJsonAsync())["created"]!);
        var latest = await (await client.GetAsync($"sensors/{sensor}/readings/latest")).ReadJsonAsync();
        Assert.Equal("r199", (string?)latest["id"]);
    }

    [Theory]
    [InlineData("""{"readings":[]}""")]
    [InlineData("""{"readings":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"readings":"x"}""")]
    public async Task Batch_NoItems_400(string body)
    {
        await (await client.PostAsync("readings", Api.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batch_501Items_400AndNothingStored()
    {
        var sensor = await Api.CreateSensorAsync(client);
        var items = Enumerable.Range(0, 501).Select(i => new { sensorId = sensor, payload = new { v = i } });

        await (await client.PostAsync("readings", Api.Json(new { readings = items }))).AssertProblemAsync(HttpStatusCode.BadRequest, "readings");

        Assert.Equal(0, await CountReadingsAsync(sensor));
    }

    [Fact]
    public async Task History_PagingWhileNewReadingsArrive_EveryOriginalOnceAndNoneSkipped()
    {
        var sensor = await Api.CreateSensorAsync(client);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var batch = 0; batch < 2; batch++)
        {
            var items = Enumerable.Range(batch * 500, 500)
                .Select(i => new { sensorId = sensor, id = $"r{i:D4}", timestamp = start.AddSeconds(i), payload = new { v = i } });
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("readings", Api.Json(new { readings = items }))).StatusCode);
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var response = await Api.IngestAsync(client, sensor, new { id = $"live{n++}", payload = new { v = -1 } });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            return n;
        });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"sensors/{sensor}/readings?limit=100" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        await stop.CancelAsync();
        var written = await writer;

        Assert.True(written > 0);
        var originals = seen.Where(id => id.StartsWith('r')).ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Reverse().Select(i => $"r{i:D4}"), originals);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Csv_AwkwardValues_Rfc4180WithFlattenedColumns()
    {
        var sensor = await Api.CreateSensorAsync(client);
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        await Api.IngestAsync(client, sensor, new { id = "a", timestamp = at, payload = new { note = "comma, \"quote\"\nnew line", city = "Zürich — 東京", wind = new { dir = "N", kmh = 12.5 }, ok = true } });
        await Api.IngestAsync(client, sensor, new { id = "b", timestamp = at.AddMinutes(1), payload = new { tags = new[] { "x", "y" }, empty = (string?)null } });

        var response = await client.GetAsync($"sensors/{sensor}/readings?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{sensor}-readings.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB, "no byte order mark");
        var csv = Encoding.UTF8.GetString(bytes);
        var expected =
            "id,timestamp,receivedAt,city,empty,note,ok,tags,wind.dir,wind.kmh\r\n" +
            $"b,{Stamp(at.AddMinutes(1))},*,,,,,\"[\"\"x\"\",\"\"y\"\"]\",,\r\n" +
            $"a,{Stamp(at)},*,Zürich — 東京,,\"comma, \"\"quote\"\"\nnew line\",true,,N,12.5\r\n";
        Assert.Equal(Mask(expected), Mask(csv));
    }

    [Fact]
    public async Task Csv_AcceptHeader_SameAsFormatParameter()
    {
        var sensor = await Api.CreateSensorAsync(client);
        await Api.IngestAsync(client, sensor, new { payload = new { v = 1 } });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"sensors/{sensor}/readings");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await client.SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("id,timestamp,receivedAt,v\r\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_UnknownFormat_400()
    {
        var sensor = await Api.CreateSensorAsync(client);

        await (await client.GetAsync($"sensors/{sensor}/readings?format=xml")).AssertProblemAsync(HttpStatusCode.BadRequest, "format");
    }

    private async Task<int> CountReadingsAsync(string sensor)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"sensors/{sensor}/readings?limit=1000" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            count += page["items"]!.AsArray().Count;
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        return count;
    }

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>receivedAt is the server's clock: compare everything else.</summary>
    private static string Mask(string csv) => string.Join("\r\n", csv.Split("\r\n").Select(line =>
    {
        var parts = line.Split(',', 4);
        return parts.Length == 4 ? $"{parts[0]},{parts[1]},*,{parts[3]}" : line;
    }));

}
