using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace CitySense.Benchmarks.RoundTrips;

/// <summary>
/// 1-hour aggregates of a sensor's whole history, asked of the aggregate API (first time, and again once its closed
/// buckets are kept) and recomputed from the raw readings the history API pages out (what a client without
/// aggregates does): Cosmos requests and wall time, side by side, at several history sizes (one reading a minute,
/// written through the batch API). Writes <see cref="AggregateComparison"/> as JSON for the report.
/// </summary>
internal sealed record AggregateComparison(IReadOnlyList<AggregateComparisonRow> Rows)
{
    private const int BatchSize = 500;
    private const int Repeats = 5;

    public static async Task<int> RunAsync(string outputPath, IReadOnlyList<int> sizes)
    {
        outputPath = Path.GetFullPath(outputPath);
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var factory = new BenchHostFactory();
        using var client = factory.ClientWithKey(BenchHostFactory.AdminKey);

        // A raw recomputation pages the whole history: on the local server a page of a large history takes long.
        client.Timeout = TimeSpan.FromMinutes(10);
        var counter = factory.Counter;
        var rows = new List<AggregateComparisonRow>();
        foreach (var size in sizes)
        {
            var city = "bench-" + Guid.NewGuid().ToString("N")[..10];
            using (var created = await client.PostAsJsonAsync("/api/sensors", new { city, location = "main_st", type = "weather", coordinates = new { lat = -30.5, lon = -140.5 } }))
            {
                Expect(created, HttpStatusCode.Created);
            }

            var sensor = $"{city}.main_st.weather";
            var end = DateTimeOffset.UtcNow.AddMinutes(-10);
            var from = end.AddMinutes(-size);
            var seeding = Stopwatch.StartNew();
            await SeedAsync(client, sensor, from, size);
            seeding.Stop();
            Console.WriteLine($"Seeded {size} readings in {seeding.Elapsed.TotalSeconds:0.0} s");
            var range = Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture));

            var (rawSent, rawMs) = await TimeAsync(counter, () => RecomputeFromRawAsync(client, sensor, range, size));
            var (firstSent, firstMs) = await TimeAsync(counter, () => AggregateAsync(client, sensor, range));
            var again = new List<(IReadOnlyList<string> Sent, double Ms)>();
            for (var i = 0; i < Repeats; i++)
            {
                again.Add(await TimeAsync(counter, () => AggregateAsync(client, sensor, range)));
            }

            var median = again.OrderBy(run => run.Ms).ElementAt(Repeats / 2);
            rows.Add(new AggregateComparisonRow(size, seeding.Elapsed.TotalSeconds, rawSent.Count, rawMs, firstSent.Count, firstMs, median.Sent.Count, median.Ms));
        }

        var results = new AggregateComparison(rows);
        BenchJson.Write(outputPath, results);
        Console.WriteLine(results.Render());
        return 0;
    }

    /// <summary>The Markdown section of bench/RESULTS.md.</summary>
    public string Render()
    {
        var text = new StringBuilder()
            .AppendLine("| history (one reading a minute) | raw: Cosmos requests | raw: time | aggregate, first: requests | first: time | aggregate, kept: requests | kept: time (median of 5) | seeding (batch API) |")
            .AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Readings:N0} | {row.RawRequests:N0} | {row.RawMs:N0} ms | {row.FirstRequests:N0} | {row.FirstMs:N0} ms | {row.KeptRequests:N0} | {row.KeptMs:N0} ms | {row.SeedSeconds:0.0} s |");
        }

        return text.ToString();
    }

    private static async Task<(IReadOnlyList<string> Sent, double Ms)> TimeAsync(Testing.CountingRequestHandler counter, Func<Task> call)
    {
        var watch = Stopwatch.StartNew();
        var sent = await counter.CountAsync(call);
        return (sent, watch.Elapsed.TotalMilliseconds);
    }

    private static async Task AggregateAsync(HttpClient client, string sensor, string from)
    {
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"/api/sensors/{sensor}/readings/aggregate?interval=1h&from={from}" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            Expect(response, HttpStatusCode.OK);
            cursor = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["nextCursor"];
        }
        while (cursor is not null);
    }

    /// <summary>Every reading of the range, page by page (1,000 a page), folded into hourly sums as a client would.</summary>
    private static async Task RecomputeFromRawAsync(HttpClient client, string sensor, string from, int expected)
    {
        var sums = new Dictionary<long, (int Count, double Sum)>();
        var readings = 0;
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync($"/api/sensors/{sensor}/readings?from={from}&limit=1000" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            Expect(response, HttpStatusCode.OK);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            foreach (var item in page["items"]!.AsArray())
            {
                var hour = DateTimeOffset.Parse((string)item!["timestamp"]!, CultureInfo.InvariantCulture).ToUnixTimeSeconds() / 3600;
                var (count, sum) = sums.GetValueOrDefault(hour);
                sums[hour] = (count + 1, sum + (double)item["payload"]!["tempC"]!);
                readings++;
            }

            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        if (readings != expected)
        {
            throw new InvalidOperationException($"Read {readings} readings of {expected}.");
        }
    }

    private static async Task SeedAsync(HttpClient client, string sensor, DateTimeOffset from, int count)
    {
        for (var start = 0; start < count; start += BatchSize)
        {
            var items = Enumerable.Range(start, Math.Min(BatchSize, count - start))
                .Select(i => (object)new { sensorId = sensor, timestamp = from.AddMinutes(i).AddSeconds(1), payload = new { tempC = 15 + (i % 20) } })
                .ToList();
            using var response = await client.PostAsJsonAsync("/api/readings", new { readings = items });
            Expect(response, HttpStatusCode.OK);
        }
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}.");
        }
    }
}
