using System.Text;

namespace CitySense.ReliabilityTests.Support;

/// <summary>
/// Everything a database holds as the API serves it: every sensor (registration, ETag and latest reading) and the
/// whole history of each, as one text to compare before and after.
/// </summary>
public static class StoreSnapshot
{
    public static async Task<string> TakeAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var snapshot = new StringBuilder();
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync("/api/sensors?limit=1000" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            snapshot.AppendLine(page["items"]!.ToJsonString());
            ids.AddRange(page["items"]!.AsArray().Select(item => (string)item!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        foreach (var id in ids)
        {
            using var sensor = await client.GetAsync(new Uri($"/api/sensors/{id}", UriKind.Relative));
            using var latest = await client.GetAsync(new Uri($"/api/sensors/{id}/readings/latest", UriKind.Relative));
            snapshot
                .AppendLine(id)
                .AppendLine(sensor.Headers.ETag?.Tag)
                .AppendLine(await sensor.Content.ReadAsStringAsync())
                .Append((int)latest.StatusCode).Append(' ')
                .AppendLine(latest.IsSuccessStatusCode ? await latest.Content.ReadAsStringAsync() : (string?)(await latest.ReadJsonAsync())["type"]);
            foreach (var reading in await ApiCalls.ReadHistoryAsync(client, id))
            {
                snapshot.AppendLine(reading.ToJsonString());
            }
        }

        return snapshot.ToString();
    }
}
