using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.ReliabilityTests.Support;
using CsCheck;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// A cursor names a position, never what may be read: whatever a client does to one, a listing only ever serves the
/// sensor (or filter) of its own URL, and a cursor of another sensor is refused.
/// </summary>
public sealed class CursorTamperingTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient client = fixture.Client;

    [Fact]
    public async Task ListReadings_CursorForgedWithAnotherSensorsIdAndIncarnation_400()
    {
        var (mine, theirs) = await TwoSensorsWithHistoryAsync();
        var myCursor = await SecondPageCursorAsync(mine);
        var theirCursor = Decode(await SecondPageCursorAsync(theirs));

        // Their cursor as it is, on my URL; my cursor naming their sensor; my sensor with their incarnation.
        var forged = new[]
        {
            Encode(theirCursor),
            Encode(With(Decode(myCursor), "sensor", (string)theirCursor["sensor"]!)),
            Encode(With(With(Decode(myCursor), "sensor", (string)theirCursor["sensor"]!), "incarnation", (string)theirCursor["incarnation"]!)),
            Encode(With(Decode(myCursor), "incarnation", (string)theirCursor["incarnation"]!)),
        };

        foreach (var cursor in forged)
        {
            using var response = await client.GetAsync(new Uri($"/api/sensors/{mine}/readings?limit=1&cursor={cursor}", UriKind.Relative));
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation");
            Assert.NotNull(problem["errors"]?["cursor"]);
        }
    }

    [Fact]
    public async Task ListReadings_RandomlyTamperedCursors_400OrOnlyTheUrlsSensor()
    {
        var (mine, theirs) = await TwoSensorsWithHistoryAsync();
        var myCursor = await SecondPageCursorAsync(mine);
        var theirCursor = Decode(await SecondPageCursorAsync(theirs));
        var theirFields = theirCursor.Select(p => (p.Key, Value: p.Value?.DeepClone())).ToList();

        var tampered = Gen.OneOf(
            // Characters of the text changed, dropped or added.
            Gen.Select(Gen.Int[0, myCursor.Length - 1], Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"], (at, ch) => myCursor.Remove(at, 1).Insert(at, ch.ToString())),
            Gen.Int[0, myCursor.Length - 1].Select(at => myCursor.Remove(at, 1)),
            Gen.Select(Gen.Int[0, myCursor.Length], Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"], (at, ch) => myCursor.Insert(at, ch.ToString())),

            // A field of the JSON inside replaced by the other sensor's, or by a shifted position.
            Gen.Int[0, theirFields.Count - 1].Select(i => Encode(With(Decode(myCursor), theirFields[i].Key, theirFields[i].Value))),
            Gen.Int[1, 3600].Select(seconds => Encode(Shift(Decode(myCursor), seconds))));

        var requests = 0;
        await tampered.SampleAsync(
            async cursor =>
            {
                Interlocked.Increment(ref requests);
                foreach (var sensorId in new[] { mine, theirs })
                {
                    using var response = await client.GetAsync(new Uri($"/api/sensors/{sensorId}/readings?limit=5&cursor={Uri.EscapeDataString(cursor)}", UriKind.Relative));
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Assert.All(JsonNode.Parse(body)!["items"]!.AsArray(), item => Assert.Equal(sensorId, (string?)item!["sensorId"]));
                    }
                    else
                    {
                        ProblemAssert.IsProblem(HttpStatusCode.BadRequest, body, response.Content.Headers.ContentType?.MediaType, "validation");
                    }
                }
            },
            iter: 300,
            threads: 2,
            print: cursor => cursor);

        Assert.Equal(300, requests);
    }

    [Fact]
    public async Task ListSensors_TamperedCursorOfACityFilter_OnlyThatCityOr400()
    {
        var city = ApiCalls.NewCity("tamper");
        var other = ApiCalls.NewCity("tamper");
        foreach (var location in new[] { "a", "b", "c" })
        {
            await ApiCalls.CreateSensorAsync(client, city, location);
            await ApiCalls.CreateSensorAsync(client, other, location);
        }

        var cursor = (string)(await client.GetJsonAsync($"/api/sensors?city={city}&limit=1"))["nextCursor"]!;
        var forged = new[]
        {
            Encode(With(Decode(cursor), "city", other)),
            Encode(With(Decode(cursor), "after", $"{other}.a.weather")),
            Encode(With(Decode(cursor), "city", null)),
        };

        foreach (var tampered in forged)
        {
            using var response = await client.GetAsync(new Uri($"/api/sensors?city={city}&limit=10&cursor={tampered}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.All(JsonNode.Parse(body)!["items"]!.AsArray(), item => Assert.Equal(city, (string?)item!["city"]));
            }
            else
            {
                ProblemAssert.IsProblem(HttpStatusCode.BadRequest, body, response.Content.Headers.ContentType?.MediaType, "validation");
            }
        }
    }

    private async Task<(string Mine, string Theirs)> TwoSensorsWithHistoryAsync()
    {
        var mine = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("tamper"));
        var theirs = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("tamper"));
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        foreach (var sensorId in new[] { mine, theirs })
        {
            var readings = Enumerable.Range(0, 12).Select(i => new { sensorId, id = $"r{i:D2}", timestamp = start.AddMinutes(i), payload = new { owner = sensorId } });
            (await client.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(new { readings }))).EnsureSuccessStatusCode();
        }

        return (mine, theirs);
    }

    private async Task<string> SecondPageCursorAsync(string sensorId) =>
        (string)(await client.GetJsonAsync($"/api/sensors/{sensorId}/readings?limit=3"))["nextCursor"]!;

    private static JsonObject Decode(string cursor) => JsonNode.Parse(Base64Url.DecodeFromChars(cursor))!.AsObject();

    private static string Encode(JsonObject cursor) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor.ToJsonString()));

    private static JsonObject With(JsonObject cursor, string field, JsonNode? value)
    {
        cursor[field] = value?.DeepClone();
        return cursor;
    }

    /// <summary>Moves the cursor's position (its sort key's timestamp) back by some seconds.</summary>
    private static JsonObject Shift(JsonObject cursor, int seconds)
    {
        var before = (string)cursor["before"]!;
        var bar = before.IndexOf('|', StringComparison.Ordinal);
        var time = DateTimeOffset.Parse(before[..bar], System.Globalization.CultureInfo.InvariantCulture).AddSeconds(-seconds);
        cursor["before"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) + before[bar..];
        return cursor;
    }
}
