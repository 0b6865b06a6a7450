using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.Core;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Limits;

/// <summary>Every documented limit, exactly at the limit (accepted) and one past it (refused, nothing stored).</summary>
public sealed class LimitTests(LimitsFixture fixture) : IClassFixture<LimitsFixture>
{
    private readonly HttpClient client = fixture.Client;

    [Theory]
    [InlineData("POST", "/api/sensors")]
    [InlineData("PUT", "/api/sensors/{0}")]
    [InlineData("POST", "/api/sensors/{0}/readings")]
    [InlineData("POST", "/api/v1/weather/{1}/clay_st")]
    public async Task Body_64KB_AcceptedAndOneByteMore413(string method, string template)
    {
        var city = ApiCalls.NewCity("body");
        var sensorId = await ApiCalls.CreateSensorAsync(client, city);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, sensorId, city);
        var json = method == "PUT" ? """{"coordinates":{"lat":1,"lon":2},"status":"active"}"""
            : template == "/api/sensors" ? $$$"""{"city":"{{{city}}}","location":"big_body","type":"weather","coordinates":{"lat":1,"lon":2}}"""
            : """{"payload":{"v":1}}""";

        using var atLimit = await SendAsync(method, url, Pad(json, ApiLimits.MaxBodyBytes));
        using var past = await SendAsync(method, url, Pad(json, ApiLimits.MaxBodyBytes + 1));

        Assert.True(atLimit.IsSuccessStatusCode, $"{(int)atLimit.StatusCode}: {await atLimit.Content.ReadAsStringAsync()}");
        await ProblemAssert.IsProblemAsync(past, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Body_StreamedWithoutContentLengthOneByteOver64KB_413AndNothingStored()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("body"));
        var body = Pad("""{"payload":{"v":1}}""", ApiLimits.MaxBodyBytes + 1);
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/sensors/{sensorId}/readings", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Empty(await ApiCalls.ReadHistoryAsync(client, sensorId));
    }

    [Fact]
    public async Task BatchBody_1MB_AcceptedAndOneByteMore413()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("batchbody"));
        string Batch(string id) => $$$"""{"readings":[{"sensorId":"{{{sensorId}}}","id":"{{{id}}}","payload":{"v":1}}]}""";

        using var atLimit = await SendAsync("POST", "/api/readings", Pad(Batch("at-limit"), ApiLimits.MaxBatchBodyBytes));
        using var past = await SendAsync("POST", "/api/readings", Pad(Batch("past-limit"), ApiLimits.MaxBatchBodyBytes + 1));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(1, (int?)(await atLimit.ReadJsonAsync())["created"]);
        await ProblemAssert.IsProblemAsync(past, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(["at-limit"], (await ApiCalls.ReadHistoryAsync(client, sensorId)).Select(r => (string)r["id"]!));
    }

    [Fact]
    public async Task Batch_500ItemsAcceptedAnd501Refused()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("batchsize"));
        object Items(int count, string prefix) => new { readings = Enumerable.Range(0, count).Select(i => new { sensorId, id = $"{prefix}{i}", payload = new { v = i } }) };

        using var atLimit = await client.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(Items(ApiLimits.MaxBatchItems, "a")));
        using var past = await client.PostAsync(new Uri("/api/readings", UriKind.Relative), ApiCalls.Json(Items(ApiLimits.MaxBatchItems + 1, "b")));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(500, (int?)(await atLimit.ReadJsonAsync())["created"]);
        var problem = await ProblemAssert.IsProblemAsync(past, HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]?["readings"]);
        Assert.Equal(500, (await ApiCalls.ReadHistoryAsync(client, sensorId)).Count);
    }

    [Theory]
    [InlineData("/api/sensors?city={city}&limit=", 1000)]
    [InlineData("/api/sensors/{busy}/readings?limit=", 1000)]
    [InlineData("/api/readings/latest?near={near}&type=near_type&limit=", 200)]
    public async Task PageSize_AtTheLimitAFullPageAndOneMore400(string template, int limit)
    {
        var url = template.Replace("{city}", fixture.City, StringComparison.Ordinal)
            .Replace("{busy}", fixture.Busy, StringComparison.Ordinal)
            .Replace("{near}", LimitsFixture.Near, StringComparison.Ordinal);

        var page = await client.GetJsonAsync(url + limit);
        using var past = await client.GetAsync(new Uri(url + (limit + 1), UriKind.Relative));

        Assert.Equal(limit, page["items"]!.AsArray().Count);
        Assert.NotNull((string?)page["nextCursor"]);
        var problem = await ProblemAssert.IsProblemAsync(past, HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]?["limit"]);
    }

    [Theory]
    [InlineData("city")]
    [InlineData("location")]
    [InlineData("type")]
    public async Task Slug_64CharactersAcceptedAnd65Refused(string part)
    {
        string Body(int length)
        {
            var slug = (Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))[..length];
            var body = new JsonObject { ["city"] = ApiCalls.NewCity("slug"), ["location"] = "loc", ["type"] = "weather", ["coordinates"] = new JsonObject { ["lat"] = 1, ["lon"] = 2 } };
            body[part] = slug;
            return body.ToJsonString();
        }

        using var atLimit = await client.PostAsync(new Uri("/api/sensors", UriKind.Relative), ApiCalls.Json(Body(64)));
        using var past = await client.PostAsync(new Uri("/api/sensors", UriKind.Relative), ApiCalls.Json(Body(65)));

        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        var id = (string)(await atLimit.ReadJsonAsync())["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/sensors/{id}", UriKind.Relative))).StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(past, HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]?[part]);
    }

    [Fact]
    public async Task ReadingId_128CharactersAcceptedAnd129Refused()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("readingid"));
        var atLimit = "r" + new string('x', 127);

        await AssertAcceptedAndPastRefusedAsync(
            sensorId,
            new { id = atLimit, payload = new { v = 1 } },
            new { id = atLimit + "x", payload = new { v = 1 } },
            "id");
        Assert.Equal(atLimit, (string?)(await client.GetJsonAsync($"/api/sensors/{sensorId}/readings/latest"))["id"]);
    }

    [Fact]
    public async Task Payload_16KBAcceptedAndOneByteMoreRefused()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("payload"));

        await AssertAcceptedAndPastRefusedAsync(
            sensorId,
            $$"""{"payload":{{SizedObject(ApiLimits.MaxPayloadBytes)}}}""",
            $$"""{"payload":{{SizedObject(ApiLimits.MaxPayloadBytes + 1)}}}""",
            "payload");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Payload_100PropertiesAcceptedAnd101Refused(bool nested)
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("props"));

        // Nested: each top-level property holds an object with one property, so both count.
        string Payload(int properties) => nested
            ? "{" + string.Join(",", Enumerable.Range(0, properties / 2).Select(i => $"\"p{i}\":{{\"q\":{i}}}")) + (properties % 2 == 1 ? ",\"odd\":1" : string.Empty) + "}"
            : "{" + string.Join(",", Enumerable.Range(0, properties).Select(i => $"\"p{i}\":{i}")) + "}";

        await AssertAcceptedAndPastRefusedAsync(
            sensorId,
            $$"""{"payload":{{Payload(ApiLimits.MaxPayloadProperties)}}}""",
            $$"""{"payload":{{Payload(ApiLimits.MaxPayloadProperties + 1)}}}""",
            "payload");
    }

    [Fact]
    public async Task Payload_Depth8AcceptedAndDepth9Refused()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("depth"));

        await AssertAcceptedAndPastRefusedAsync(
            sensorId,
            $$"""{"payload":{{Nested(ApiLimits.MaxPayloadDepth)}}}""",
            $$"""{"payload":{{Nested(ApiLimits.MaxPayloadDepth + 1)}}}""",
            "payload");
    }

    [Fact]
    public async Task PayloadString_4096CharactersAcceptedAnd4097Refused()
    {
        var sensorId = await ApiCalls.CreateSensorAsync(client, ApiCalls.NewCity("string"));

        // Characters, not bytes: 4,096 two-byte characters (sent as UTF-8, not escaped) are 8 KB, within the payload size.
        static string Body(int length) => "{\"payload\":{\"text\":\"" + new string('é', length) + "\"}}";

        await AssertAcceptedAndPastRefusedAsync(sensorId, Body(ApiLimits.MaxStringValueLength), Body(ApiLimits.MaxStringValueLength + 1), "payload");
    }

    [Fact]
    public async Task Metadata_4KBAcceptedAndOneByteMoreRefused()
    {
        await AssertSensorAcceptedAndPastRefusedAsync(SizedObject(ApiLimits.MaxMetadataBytes), SizedObject(ApiLimits.MaxMetadataBytes + 1));
    }

    [Fact]
    public async Task Metadata_50PropertiesAcceptedAnd51Refused()
    {
        static string Metadata(int properties) => "{" + string.Join(",", Enumerable.Range(0, properties).Select(i => $"\"m{i}\":{i}")) + "}";

        await AssertSensorAcceptedAndPastRefusedAsync(Metadata(ApiLimits.MaxMetadataProperties), Metadata(ApiLimits.MaxMetadataProperties + 1));
    }

    [Fact]
    public async Task Metadata_Depth8AcceptedAndDepth9Refused()
    {
        await AssertSensorAcceptedAndPastRefusedAsync(Nested(ApiLimits.MaxPayloadDepth), Nested(ApiLimits.MaxPayloadDepth + 1));
    }

    [Fact]
    public async Task Cursor_2048CharactersAcceptedAndLongerRefused()
    {
        var first = await client.GetJsonAsync($"/api/sensors/{fixture.Busy}/readings?limit=1");
        var cursor = (string)first["nextCursor"]!;

        // The same position, its JSON padded with whitespace: 1,536 bytes are 2,048 base64url characters; 1,537 bytes
        // are 2,050 (2,049 is not a base64url length at all).
        var atLimit = Repad(cursor, 1536);
        var past = Repad(cursor, 1537);
        Assert.Equal(ApiLimits.MaxCursorLength, atLimit.Length);
        Assert.Equal(ApiLimits.MaxCursorLength + 2, past.Length);

        var page = await client.GetJsonAsync($"/api/sensors/{fixture.Busy}/readings?limit=1&cursor={atLimit}");
        using var refused = await client.GetAsync(new Uri($"/api/sensors/{fixture.Busy}/readings?limit=1&cursor={past}", UriKind.Relative));

        Assert.Equal("r0999", (string?)page["items"]![0]!["id"]);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]?["cursor"]);
    }

    [Fact]
    public void HostJson_FunctionTimeout_WellAboveTheRequestBudget()
    {
        // functionTimeout restarts the whole worker (every request in flight on the instance fails), so it must never
        // be what ends a request: batches and exports stop at their budget, far below it.
        var host = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("src", "CitySense.Functions", "host.json")))!;
        var timeout = TimeSpan.Parse((string)host["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromMinutes(2), timeout);
        Assert.True(timeout >= 5 * TimeSpan.FromSeconds(new Core.Readings.ReadingOptions().RequestBudgetSeconds), $"{timeout}");
    }

    [Fact]
    public async Task Export_RowLimitExactlyAndOneMore_ServedAndRefusedWithTwoRangesThatEachFit()
    {
        // A host with the limit at 1,000 over the fixture's sensor of 1,001 readings (the default is 20,000).
        using var limited = fixture.StartHost(fixture.Host.Database, new Dictionary<string, string?> { ["Readings:MaxExportRows"] = "1000" }).CreateClient();
        var url = $"/api/sensors/{fixture.Busy}/readings?format=csv";

        using var refused = await limited.GetAsync(new Uri(url, UriKind.Relative));
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "validation");
        var advice = (string)problem["errors"]!["from"]![0]!;
        var from = System.Text.RegularExpressions.Regex.Match(advice, "from=([^ ]+)").Groups[1].Value;
        var to = System.Text.RegularExpressions.Regex.Match(advice, "to=([^ ]+)").Groups[1].Value;
        using var newer = await limited.GetAsync(new Uri($"{url}&from={Uri.EscapeDataString(from)}", UriKind.Relative));
        using var older = await limited.GetAsync(new Uri($"{url}&to={Uri.EscapeDataString(to)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        var newerRows = (await newer.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var olderRows = (await older.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(1000, newerRows);
        Assert.Equal(1, olderRows);
    }

    private async Task AssertAcceptedAndPastRefusedAsync(string sensorId, object atLimit, object past, string field)
    {
        using var accepted = await client.PostAsync(new Uri($"/api/sensors/{sensorId}/readings", UriKind.Relative), Content(atLimit));
        using var refused = await client.PostAsync(new Uri($"/api/sensors/{sensorId}/readings", UriKind.Relative), Content(past));

        Assert.True(accepted.StatusCode == HttpStatusCode.Created, $"At the limit: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]?[field]);
        Assert.Single(await ApiCalls.ReadHistoryAsync(client, sensorId));
    }

    private async Task AssertSensorAcceptedAndPastRefusedAsync(string atLimit, string past)
    {
        var city = ApiCalls.NewCity("metadata");
        string Body(string location, string metadata) =>
            $$"""{"city":"{{city}}","location":"{{location}}","type":"weather","coordinates":{"lat":1,"lon":2},"metadata":{{metadata}}}""";

        using var accepted = await client.PostAsync(new Uri("/api/sensors", UriKind.Relative), ApiCalls.Json(Body("at_limit", atLimit)));
        using var refused = await client.PostAsync(new Uri("/api/sensors", UriKind.Relative), ApiCalls.Json(Body("past_limit", past)));

        Assert.True(accepted.StatusCode == HttpStatusCode.Created, $"At the limit: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]?["metadata"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/sensors/{city}.past_limit.weather", UriKind.Relative))).StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string url, byte[] body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.SendAsync(request);
    }

    private static StringContent Content(object body) => body is string json ? ApiCalls.Json(json) : ApiCalls.Json(body);

    /// <summary>The JSON with whitespace after its first brace, to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    private static byte[] Pad(string json, int bytes) =>
        Encoding.UTF8.GetBytes("{" + new string(' ', bytes - Encoding.UTF8.GetByteCount(json)) + json[1..]);

    /// <summary>A JSON object of exactly <paramref name="bytes"/> bytes: strings within the length limit, padded with whitespace.</summary>
    private static string SizedObject(int bytes)
    {
        var properties = new List<string>();
        var used = 2;
        for (var i = 0; used + 4000 + 12 < bytes; i++)
        {
            var property = $"\"s{i}\":\"{new string('x', 4000)}\"";
            used += property.Length + (properties.Count > 0 ? 1 : 0);
            properties.Add(property);
        }

        var text = "{" + string.Join(",", properties) + "}";
        return "{" + new string(' ', bytes - text.Length) + text[1..];
    }

    /// <summary>Objects nested <paramref name="depth"/> deep, the outermost counting as 1.</summary>
    private static string Nested(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{\"v\":1}" + new string('}', depth - 1);

    private static string Repad(string cursor, int bytes)
    {
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json[..^1] + new string(' ', bytes - json.Length) + "}"));
    }
}
