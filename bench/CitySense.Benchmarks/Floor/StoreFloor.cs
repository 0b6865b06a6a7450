using System.Net;
using System.Text.Json;
using CitySense.Cosmos;
using Microsoft.Azure.Cosmos;

namespace CitySense.Benchmarks.Floor;

/// <summary>
/// The floor under the API: the same local store driven directly by the Cosmos SDK, with the client settings the
/// API uses (CosmosClientFactory) and stream APIs (no (de)serialization of results). Operations:
/// <c>read</c> — point read of the sensor document that GET …/readings/latest reads;
/// <c>create</c> — create of a reading document of the same shape the API writes;
/// <c>ingest</c> — the API's two operations back to back: the conditional patch of "latest", then the create.
/// </summary>
internal static class StoreFloor
{
    public static async Task<int> RunAsync(
        string endpoint, string key, string database, string sensorId, string operation, int concurrency, TimeSpan duration, TimeSpan warmUp, string outputPath)
    {
        using var client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = endpoint, Key = key, Database = database });
        var sensors = client.GetContainer(database, "sensors");
        var readings = client.GetContainer(database, "readings");
        var partition = new PartitionKey(sensorId);

        using var sensor = await sensors.ReadItemStreamAsync(sensorId, partition);
        if (sensor.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Sensor {sensorId} was not found in {database}: {(int)sensor.StatusCode}.");
        }

        var incarnation = (await JsonDocument.ParseAsync(sensor.Content)).RootElement.GetProperty("incarnation").GetString();

        Func<Task<bool>> call = operation switch
        {
            "read" => async () =>
            {
                using var response = await sensors.ReadItemStreamAsync(sensorId, partition);
                return response.IsSuccessStatusCode;
            },
            "create" => () => CreateAsync(readings, sensorId, incarnation!),
            "ingest" => async () =>
            {
                // The API's sequence: the conditional patch, a point read when it fails (a late reading), the create.
                var patched = await PatchLatestAsync(sensors, sensorId);
                if (patched == HttpStatusCode.PreconditionFailed)
                {
                    using var read = await sensors.ReadItemStreamAsync(sensorId, partition);
                }

                return patched is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed
                    && await CreateAsync(readings, sensorId, incarnation!);
            },
            _ => throw new ArgumentException($"Unknown floor operation '{operation}': read, create or ingest.", nameof(operation)),
        };

        await ClosedLoop.RunAsync(operation, concurrency, warmUp, call);
        var result = await ClosedLoop.RunAsync(operation, concurrency, duration, call);
        await File.AppendAllTextAsync(outputPath, result.ToTsv() + "\n");
        Console.WriteLine(result.ToTsv());
        return 0;
    }

    private static async Task<bool> CreateAsync(Container readings, string sensorId, string incarnation) =>
        await FloorWrites.CreateReadingAsync(
            readings, sensorId, incarnation, DateTimeOffset.UtcNow, Guid.CreateVersion7().ToString("N"), Payload, (30.2672, -97.7431))
            == HttpStatusCode.Created;

    private static Task<HttpStatusCode> PatchLatestAsync(Container sensors, string sensorId) =>
        FloorWrites.PatchLatestAsync(sensors, sensorId, DateTimeOffset.UtcNow, Guid.CreateVersion7().ToString("N"), Payload);

    /// <summary>The payload bench/run.sh ingests through the API.</summary>
    private const string Payload = """{"pm25":7.4,"no2":12,"tempC":21.5}""";
}
