using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CitySense.Core.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using Microsoft.Azure.Cosmos;

namespace CitySense.Benchmarks.Floor;

/// <summary>
/// The API's two ingest writes as the floors send them, through stream APIs: a reading document with the fields
/// ReadingDocument writes, and the conditional patch of "latest" (with the reading's payload) and of its month.
/// </summary>
internal static class FloorWrites
{
    /// <summary>The readings partition of a sensor's month, as the API keys it.</summary>
    public static string Bucket(string sensorId, string incarnation, DateTimeOffset time) =>
        SensorId.TryParse(sensorId, out var id)
            ? ReadingBucket.For(id, incarnation, time).Key
            : throw new ArgumentException($"'{sensorId}' is not a sensor id.", nameof(sensorId));

    /// <summary>Creates a reading document; 201, or 409 when the id is already stored.</summary>
    public static async Task<HttpStatusCode> CreateReadingAsync(
        Container readings, string sensorId, string incarnation, DateTimeOffset time, string id, string payloadJson, (double Lat, double Lon) at)
    {
        var text = Timestamps.Format(time);
        var pk = Bucket(sensorId, incarnation, time);
        var point = string.Create(CultureInfo.InvariantCulture, $"[{at.Lon},{at.Lat}]");
        var json =
            $$$"""{"id":"{{{id}}}","pk":"{{{pk}}}","sensorId":"{{{sensorId}}}","sortKey":"{{{text}}}|{{{id}}}","timestamp":"{{{text}}}","receivedAt":"{{{text}}}","payload":{{{payloadJson}}},"coordinates":{"type":"Point","coordinates":{{{point}}}},"ingestedBy":"local-admin"}""";
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        using var response = await readings.CreateItemStreamAsync(body, new PartitionKey(pk), new ItemRequestOptions { EnableContentResponseOnWrite = false });
        return response.StatusCode;
    }

    /// <summary>
    /// The API's conditional patch: move "latest" forward and record its month only if the sensor is active and the
    /// reading is newer; 200, or 412 when a newer reading moved "latest" first.
    /// </summary>
    public static async Task<HttpStatusCode> PatchLatestAsync(Container sensors, string sensorId, DateTimeOffset time, string id, string payloadJson)
    {
        var text = Timestamps.Format(time);
        var sortKey = text + "|" + id;
        using var payload = JsonDocument.Parse(payloadJson);
        var latest = new { id, timestamp = text, receivedAt = text, payload = payload.RootElement, sortKey, ingestedBy = "local-admin" };
        using var response = await sensors.PatchItemStreamAsync(
            sensorId,
            new PartitionKey(sensorId),
            [PatchOperation.Set("/latest", latest), PatchOperation.Set($"/readingMonths/{ReadingBucket.MonthKeyOf(time)}", true)],
            new PatchItemRequestOptions { FilterPredicate = $"FROM c WHERE c.status = 'active' AND (NOT IS_DEFINED(c.latest) OR c.latest.sortKey < '{sortKey}')" });
        return response.StatusCode;
    }
}
