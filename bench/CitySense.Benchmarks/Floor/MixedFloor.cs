using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CitySense.Core.Geo;
using CitySense.Core.Json;
using CitySense.Cosmos;
using Microsoft.Azure.Cosmos;

namespace CitySense.Benchmarks.Floor;

/// <summary>
/// The floor under scripts/load-test.sh: the store operations of its mixed streams (those the round-trip tests assert
/// for each route), in the same shares and on sensors of the same roles, sent directly with the Cosmos SDK (the API's
/// client settings, stream APIs, nothing deserialized) by closed-loop workers: no HTTP server, no API code, no hey. What
/// this reaches on a machine bounds what any API making the same store operations could reach on it.
/// </summary>
internal sealed class MixedFloor
{
    /// <summary>
    /// The load test's streams in its order: name, share of the requests (per 21,000) and of the workers (per 64); the
    /// sensors passed are those of the load test's phase in the order of <see cref="SensorRoles"/>.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, int Share, int WorkerShare)> Streams =
    [
        ("ingest0", 1500, 5), ("ingest1", 1500, 5), ("ingest2", 1500, 5), ("ingest3", 1500, 5), ("retry", 1000, 4),
        ("batch", 500, 4), ("latest", 5000, 12), ("history", 3000, 10), ("sensor", 3000, 8), ("near", 1500, 4),
        ("legacy", 1000, 2),
    ];

    /// <summary>The streams that store readings, whose time the ingest rate is measured over (as the load test does).</summary>
    private static readonly HashSet<string> WriteStreams = ["ingest0", "ingest1", "ingest2", "ingest3", "batch"];

    /// <summary>The sensors' roles: reads (latest, history, sensor, legacy), the four ingest streams', retry's, batch's.</summary>
    public static readonly IReadOnlyList<string> SensorRoles = ["reads", "ingest0", "ingest1", "ingest2", "ingest3", "retry", "batch"];

    private const int BatchSize = 10;

    /// <summary>The load test's history page (limit=50) and near radius (radius=1000).</summary>
    private const int HistoryPage = 50;

    private const double NearRadius = 1000;

    /// <summary>The load test's ingest payload.</summary>
    private const string Payload = """{"tempC":21.5,"humidity":40,"wind":{"speedMs":3.2,"direction":"NE"}}""";

    private readonly Container sensors;
    private readonly Container readings;
    private readonly Dictionary<string, string> sensorOf;
    private readonly Dictionary<string, string> incarnations;
    private readonly (double Lat, double Lon) point;
    private readonly string retryId = Guid.CreateVersion7().ToString("N");
    private readonly DateTimeOffset retryTime = DateTimeOffset.UtcNow.AddSeconds(-5);
    private long stored;

    private MixedFloor(Container sensors, Container readings, Dictionary<string, string> sensorOf, Dictionary<string, string> incarnations, (double, double) point)
    {
        this.sensors = sensors;
        this.readings = readings;
        this.sensorOf = sensorOf;
        this.incarnations = incarnations;
        this.point = point;
    }

    /// <summary>
    /// Sends the mix as the load test's hey streams do: every stream at once, each with its workers (its share of
    /// <paramref name="concurrency"/>, at least one) sending its share of <paramref name="requests"/> one after another;
    /// first a warm-up round of <paramref name="warmUpRequests"/> (not counted). Prints one line: requests/s over the
    /// whole round, readings/s over the time the slowest write stream took, errors.
    /// </summary>
    public static async Task<int> RunAsync(
        string endpoint, string key, string database, string sensorList, (double Lat, double Lon) near, int requests, int concurrency, int warmUpRequests)
    {
        var ids = sensorList.Split(',');
        if (ids.Length != SensorRoles.Count)
        {
            throw new ArgumentException($"--sensors takes {SensorRoles.Count} sensor ids, comma-separated: {string.Join(", ", SensorRoles)}.");
        }

        using var client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = endpoint, Key = key, Database = database });
        var sensors = client.GetContainer(database, "sensors");
        var incarnations = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            using var sensor = await sensors.ReadItemStreamAsync(id, new PartitionKey(id));
            if (sensor.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Sensor {id} was not found in {database}: {(int)sensor.StatusCode}.");
            }

            using var document = await JsonDocument.ParseAsync(sensor.Content);
            incarnations[id] = document.RootElement.GetProperty("incarnation").GetString()!;
        }

        var roles = SensorRoles.Select((role, index) => (role, ids[index])).ToDictionary(pair => pair.role, pair => pair.Item2);
        var floor = new MixedFloor(sensors, client.GetContainer(database, "readings"), roles, incarnations, near);
        if (warmUpRequests > 0)
        {
            await floor.RoundAsync(warmUpRequests, concurrency);
        }

        var (seconds, writeSeconds, sent, errors, stored) = await floor.RoundAsync(requests, concurrency);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{sent / seconds:0} requests/s, {stored / writeSeconds:0} readings/s, {errors} errors in {sent} requests ({concurrency} workers)"));
        return errors == 0 ? 0 : 1;
    }

    /// <summary>One round of every stream at once, counted as the load test counts it (hey's -n and -c per stream).</summary>
    private async Task<(double Seconds, double WriteSeconds, long Sent, long Errors, long Stored)> RoundAsync(int requests, int concurrency)
    {
        Interlocked.Exchange(ref stored, 0);
        var errors = 0L;
        var sent = 0L;
        var clock = Stopwatch.StartNew();
        var streams = Streams.Select(async stream =>
        {
            var workers = Math.Max(1, ((concurrency * stream.WorkerShare) + 32) / 64);
            var count = ((requests * stream.Share) + 20999) / 21000;
            var perWorker = (count + workers - 1) / workers;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < perWorker; i++)
                {
                    Interlocked.Increment(ref sent);
                    if (!await SendAsync(stream.Name))
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            })));
            return (stream.Name, Finished: clock.Elapsed.TotalSeconds);
        }).ToList();
        var finished = await Task.WhenAll(streams);
        var writeSeconds = finished.Where(stream => WriteStreams.Contains(stream.Name)).Max(stream => stream.Finished);
        return (clock.Elapsed.TotalSeconds, writeSeconds, sent, errors, Interlocked.Read(ref stored));
    }

    private Task<bool> SendAsync(string stream) => stream switch
    {
        "ingest0" or "ingest1" or "ingest2" or "ingest3" => IngestAsync(sensorOf[stream]),
        "retry" => RetryAsync(),
        "batch" => BatchAsync(),
        "history" => HistoryAsync(),
        "near" => NearAsync(),

        // latest, sensor and legacy: one point read of the sensor each.
        _ => ReadSensorAsync(sensorOf["reads"]),
    };

    private async Task<bool> IngestAsync(string sensorId)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Guid.CreateVersion7().ToString("N");
        var patched = await PatchLatestAsync(sensorId, now, id);
        if (patched == HttpStatusCode.PreconditionFailed && !await ReadSensorAsync(sensorId))
        {
            return false;
        }

        return patched is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed && await CreateAsync(sensorId, now, id) == HttpStatusCode.Created;
    }

    /// <summary>The same reading again: the patch loses (412), the sensor is read, the create conflicts (409), the stored one is read.</summary>
    private async Task<bool> RetryAsync()
    {
        var sensorId = sensorOf["retry"];
        var patched = await PatchLatestAsync(sensorId, retryTime, retryId);
        if (patched == HttpStatusCode.PreconditionFailed && !await ReadSensorAsync(sensorId))
        {
            return false;
        }

        var created = await CreateAsync(sensorId, retryTime, retryId);
        if (created != HttpStatusCode.Conflict)
        {
            return created == HttpStatusCode.Created;
        }

        using var existing = await readings.ReadItemStreamAsync(retryId, new PartitionKey(Bucket(sensorId, retryTime)));
        return existing.IsSuccessStatusCode;
    }

    /// <summary>Ten readings of one sensor: one patch by the newest, then the creates at once.</summary>
    private async Task<bool> BatchAsync()
    {
        var sensorId = sensorOf["batch"];
        var now = DateTimeOffset.UtcNow;
        var items = Enumerable.Range(0, BatchSize).Select(i => (Time: now.AddTicks(i), Id: Guid.CreateVersion7().ToString("N"))).ToList();
        var patched = await PatchLatestAsync(sensorId, items[^1].Time, items[^1].Id);
        if (patched == HttpStatusCode.PreconditionFailed && !await ReadSensorAsync(sensorId))
        {
            return false;
        }

        var created = await Task.WhenAll(items.Select(item => CreateAsync(sensorId, item.Time, item.Id)));
        return created.All(status => status == HttpStatusCode.Created);
    }

    /// <summary>GET …/readings?limit=50: the sensor, then the newest 50 readings of its month.</summary>
    private async Task<bool> HistoryAsync()
    {
        var readSensor = sensorOf["reads"];
        if (!await ReadSensorAsync(readSensor))
        {
            return false;
        }

        var now = DateTimeOffset.UtcNow;
        // The API asks for one more than the page, to know whether a next page exists.
        var query = new QueryDefinition("SELECT TOP @take * FROM c WHERE c.sortKey >= @from AND c.sortKey < @before ORDER BY c.sortKey DESC")
            .WithParameter("@take", HistoryPage + 1)
            .WithParameter("@from", Timestamps.Format(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero)))
            .WithParameter("@before", Timestamps.Format(now.AddMinutes(1)));
        return await DrainAsync(readings.GetItemQueryStreamIterator(query, requestOptions: Direct(HistoryPage + 1, new PartitionKey(Bucket(readSensor, now)))));
    }

    /// <summary>GET /readings/latest?near=…: the sensors with a latest reading within the radius.</summary>
    private Task<bool> NearAsync()
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE ST_DISTANCE(c.coordinates, @point) <= @outer AND IS_DEFINED(c.latest)")
            .WithParameter("@point", new { type = "Point", coordinates = new[] { point.Lon, point.Lat } })
            .WithParameter("@outer", NearPaging.OuterRadius(NearRadius));
        return DrainAsync(sensors.GetItemQueryStreamIterator(query, requestOptions: Direct(-1, null)));
    }

    /// <summary>The API's query options (optimistic direct execution).</summary>
    private static QueryRequestOptions Direct(int maxItemCount, PartitionKey? partition) =>
        new() { EnableOptimisticDirectExecution = true, MaxItemCount = maxItemCount, PartitionKey = partition };

    private static async Task<bool> DrainAsync(FeedIterator feed)
    {
        using (feed)
        {
            while (feed.HasMoreResults)
            {
                using var page = await feed.ReadNextAsync();
                if (!page.IsSuccessStatusCode)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private async Task<bool> ReadSensorAsync(string sensorId)
    {
        using var response = await sensors.ReadItemStreamAsync(sensorId, new PartitionKey(sensorId));
        return response.IsSuccessStatusCode;
    }

    private string Bucket(string sensorId, DateTimeOffset time) => FloorWrites.Bucket(sensorId, incarnations[sensorId], time);

    private async Task<HttpStatusCode> CreateAsync(string sensorId, DateTimeOffset time, string id)
    {
        var status = await FloorWrites.CreateReadingAsync(readings, sensorId, incarnations[sensorId], time, id, Payload, point);
        if (status == HttpStatusCode.Created)
        {
            Interlocked.Increment(ref stored);
        }

        return status;
    }

    private Task<HttpStatusCode> PatchLatestAsync(string sensorId, DateTimeOffset time, string id) =>
        FloorWrites.PatchLatestAsync(sensors, sensorId, time, id, Payload);
}
