using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.Core;
using CitySense.Core.Json;
using CsCheck;

namespace CitySense.ReliabilityTests.BadInput;

/// <summary>
/// Generated malformed requests for every route of the API that takes input, aimed at the fixture's data. Every
/// generated request breaks at least one rule, so the only right answers are 4xx problems (and, for a well-formed
/// batch whose items are all invalid, 200 with an error per item).
/// </summary>
public sealed class MalformedRequests(BadInputFixture data)
{
    private const string Json = "application/json";
    private const string Placeholder = "\"__RAW__\"";

    public Gen<MalformedRequest> Any => Gen.Frequency(
        (12, CreateSensor),
        (8, ListSensors),
        (5, GetSensor),
        (10, UpdateSensor),
        (4, DeleteSensor),
        (14, Ingest),
        (9, ListReadings),
        (4, GetLatest),
        (12, Batch),
        (6, LatestNear),
        (5, LegacyIngest),
        (3, LegacyLatest));

    private const string UnknownSensor = "zz-unknown.nowhere.weather";

    private Gen<MalformedRequest> CreateSensor
    {
        get
        {
            const string route = "POST /sensors";
            JsonObject Valid() => new()
            {
                ["city"] = BadInputFixture.City, ["location"] = "new_loc", ["type"] = "weather",
                ["coordinates"] = new JsonObject { ["lat"] = 1.0, ["lon"] = 1.0 },
            };
            var fields = Gen.OneOf(
                Gen.Select(Gen.OneOf("city", "location", "type"), Malformed.Slug, (name, value) => ($"{name} not a slug", With(Valid(), name, value).ToJsonString())),
                Gen.Select(Gen.OneOf("city", "location", "type", "coordinates", "metadata", "status"), Malformed.WrongType, (name, value) => ($"{name} of the wrong type", With(Valid(), name, value).ToJsonString())),
                Gen.OneOf("city", "location", "type", "coordinates").Select(name => ($"{name} missing", Without(Valid(), name))),
                Gen.OneOf("city", "coordinates").Select(name => ($"{name} null", With(Valid(), name, null).ToJsonString())),
                Coordinates(Valid),
                Malformed.OversizedObject(ApiLimits.MaxMetadataProperties, ApiLimits.MaxMetadataBytes).Select(metadata => ("metadata over a limit", Raw(Valid(), "metadata", metadata))),
                Gen.OneOf("broken", "", "deleted", "act ive", "enabled").Select(status => ("status unknown", With(Valid(), "status", status).ToJsonString())),
                Gen.OneOf("id", "color", "version", "latest", "incarnation", "createdAt").Select(name => ($"unknown field {name}", With(Valid(), name, "x").ToJsonString())),
                Gen.Const(("already registered", With(With(Valid(), "location", "main_st"), "type", "weather").ToJsonString())));
            return Body(route, HttpMethod.Post, "/api/sensors", Valid().ToJsonString(), ApiLimits.MaxBodyBytes, checksContentType: true, fields);
        }
    }

    private Gen<MalformedRequest> UpdateSensor
    {
        get
        {
            const string route = "PUT /sensors/{sensorId}";
            JsonObject Valid() => new()
            {
                ["coordinates"] = new JsonObject { ["lat"] = BadInputFixture.Lat, ["lon"] = BadInputFixture.Lon }, ["status"] = "active",
            };
            var fields = Gen.OneOf(
                Gen.Select(Gen.OneOf("coordinates", "metadata", "status"), Malformed.WrongType, (name, value) => ($"{name} of the wrong type", With(Valid(), name, value).ToJsonString())),
                Gen.OneOf("coordinates", "status").Select(name => ($"{name} missing", Without(Valid(), name))),
                Coordinates(Valid),
                Malformed.OversizedObject(ApiLimits.MaxMetadataProperties, ApiLimits.MaxMetadataBytes).Select(metadata => ("metadata over a limit", Raw(Valid(), "metadata", metadata))),
                Gen.OneOf("city", "id", "version", "latest", "incarnation", "updatedAt").Select(name => ($"read-only or unknown field {name}", With(Valid(), name, "x").ToJsonString())));
            var invalidBody = Body(route, HttpMethod.Put, $"/api/sensors/{data.Main}", Valid().ToJsonString(), ApiLimits.MaxBodyBytes, checksContentType: true, fields)
                .SelectMany(request => Gen.OneOf<string?>(null, data.MainETag, "*").Select(ifMatch => request with { IfMatch = ifMatch }));
            var staleETag = Gen.OneOf("\"0000000000000000\"", "W/" + data.MainETag, "\"garbage\"", data.MainETag.Trim('"'), "\"\"", "\"0000000000000000\", W/" + data.MainETag)
                .Select(ifMatch => MalformedRequest.WithJson(route, "stale or weak If-Match", HttpMethod.Put, $"/api/sensors/{data.Main}", Valid().ToJsonString()) with { IfMatch = ifMatch });
            var badPath = Malformed.PathSensorId.Select(id => MalformedRequest.WithJson(route, "sensorId invalid", HttpMethod.Put, $"/api/sensors/{Uri.EscapeDataString(id)}", Valid().ToJsonString()));
            var unknown = Gen.Const(MalformedRequest.WithJson(route, "unknown sensor", HttpMethod.Put, $"/api/sensors/{UnknownSensor}", Valid().ToJsonString()));
            return Gen.Frequency((8, invalidBody), (2, staleETag), (2, badPath), (1, unknown));
        }
    }

    private Gen<MalformedRequest> Ingest
    {
        get
        {
            const string route = "POST /sensors/{sensorId}/readings";
            JsonObject Valid() => new() { ["id"] = "never-stored", ["payload"] = new JsonObject { ["v"] = 1 } };
            var fields = Gen.OneOf(
                Malformed.ReadingIdText.Select(id => ("id invalid", With(Valid(), "id", id).ToJsonString())),
                Gen.Select(Gen.OneOf("id", "timestamp", "payload"), Malformed.WrongType, (name, value) => ($"{name} of the wrong type", With(Valid(), name, value).ToJsonString())),
                Gen.OneOf<JsonNode?>(JsonValue.Create("warm"), null, new JsonObject()).Select(payload => ("payload not a non-empty object", With(Valid(), "payload", payload).ToJsonString())),
                Gen.Const(("payload missing", Without(Valid(), "payload"))),
                Malformed.Timestamp.Select(timestamp => ("timestamp invalid", With(Valid(), "timestamp", timestamp).ToJsonString())),
                Malformed.OversizedObject(ApiLimits.MaxPayloadProperties, ApiLimits.MaxPayloadBytes).Select(payload => ("payload over a limit", Raw(Valid(), "payload", payload))),
                Gen.OneOf("sensorId", "receivedAt", "coordinates", "extra").Select(name => ($"unknown field {name}", With(Valid(), name, "x").ToJsonString())));
            var invalidBody = Body(route, HttpMethod.Post, $"/api/sensors/{data.Main}/readings", Valid().ToJsonString(), ApiLimits.MaxBodyBytes, checksContentType: true, fields);
            var badPath = Malformed.PathSensorId.Select(id => MalformedRequest.WithJson(route, "sensorId invalid", HttpMethod.Post, $"/api/sensors/{Uri.EscapeDataString(id)}/readings", Valid().ToJsonString()));
            var refused = Gen.OneOf(
                MalformedRequest.WithJson(route, "unknown sensor", HttpMethod.Post, $"/api/sensors/{UnknownSensor}/readings", Valid().ToJsonString()),
                MalformedRequest.WithJson(route, "inactive sensor", HttpMethod.Post, $"/api/sensors/{data.Inactive}/readings", Valid().ToJsonString()));
            return Gen.Frequency((10, invalidBody), (2, badPath), (1, refused));
        }
    }

    private Gen<MalformedRequest> Batch
    {
        get
        {
            const string route = "POST /readings";
            JsonObject ValidItem() => new() { ["sensorId"] = data.Main, ["id"] = "never-stored", ["payload"] = new JsonObject { ["v"] = 1 } };
            JsonObject Valid() => new() { ["readings"] = new JsonArray(ValidItem()) };
            var bodyFields = Gen.OneOf(
                Gen.OneOf<JsonNode?>(null, new JsonObject(), JsonValue.Create("x"), JsonValue.Create(42), new JsonArray()).Select(readings => ("readings not a non-empty array", With(Valid(), "readings", readings).ToJsonString())),
                Gen.Const(("readings missing", Without(Valid(), "readings"))),
                Gen.OneOf<JsonNode?>(JsonValue.Create(1), JsonValue.Create("x"), new JsonArray()).Select(item => ("item of the wrong type", With(Valid(), "readings", new JsonArray(item?.DeepClone())).ToJsonString())),
                Gen.Select(Gen.OneOf("sensorId", "id", "timestamp"), Malformed.WrongType, (name, value) => ($"item {name} of the wrong type", With(Valid(), "readings", new JsonArray(With(ValidItem(), name, value))).ToJsonString())),
                Gen.Const(("item with an unknown field", With(Valid(), "readings", new JsonArray(With(ValidItem(), "extra", 1))).ToJsonString())),
                Gen.Const(("unknown field", With(Valid(), "sensorId", data.Main).ToJsonString())),
                Gen.Int[ApiLimits.MaxBatchItems + 1, ApiLimits.MaxBatchItems + 20].Select(count => ("too many items", With(
                    Valid(), "readings", new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)With(ValidItem(), "id", $"n{i}"))])).ToJsonString())));
            var invalidBody = Body(route, HttpMethod.Post, "/api/readings", Valid().ToJsonString(), ApiLimits.MaxBatchBodyBytes, checksContentType: true, bodyFields, oversizedWeight: 1);

            // Well-formed batches whose every item is refused on its own: 200 with one 4xx problem per item.
            var invalidItem = Gen.OneOf<JsonNode?>(
                Malformed.SensorIdText.Select(id => (JsonNode?)With(ValidItem(), "sensorId", id)),
                Gen.Const<JsonNode?>(Remove(ValidItem(), "sensorId")),
                Gen.Const<JsonNode?>(With(ValidItem(), "sensorId", UnknownSensor)),
                Gen.Const<JsonNode?>(With(ValidItem(), "sensorId", data.Inactive)),
                Malformed.ReadingIdText.Select(id => (JsonNode?)With(ValidItem(), "id", id)),
                Gen.OneOf<JsonNode?>(JsonValue.Create("warm"), null, new JsonObject(), new JsonArray(1)).Select(payload => (JsonNode?)With(ValidItem(), "payload", payload)),
                Gen.Int[10, 100_000].Select(minutes => (JsonNode?)With(ValidItem(), "timestamp", DateTimeOffset.UtcNow.AddMinutes(minutes).ToString("O", CultureInfo.InvariantCulture))),
                Malformed.OversizedObject(ApiLimits.MaxPayloadProperties, ApiLimits.MaxPayloadBytes, maxNesting: 20).Select(payload => (JsonNode?)RawNode(ValidItem(), "payload", payload)),
                Gen.Const(() => (JsonNode?)null));
            var invalidItems = invalidItem.Array[1, 6].Select(items => MalformedRequest.WithJson(
                    route, "every item invalid", HttpMethod.Post, "/api/readings", new JsonObject { ["readings"] = new JsonArray([.. items.Select(item => item?.DeepClone())]) }.ToJsonString())
                with { ItemsInvalid = true });
            return Gen.Frequency((3, invalidBody), (2, invalidItems));
        }
    }

    private static Gen<MalformedRequest> LegacyIngest
    {
        get
        {
            const string route = "POST /v1/{sensorType}/{city}/{location}";
            var valid = """{"payload":{"v":1}}""";
            var fields = Gen.OneOf(
                Gen.OneOf("{}", """{"payload":null}""", """{"payload":"warm"}""", """{"payload":{}}""", """{"payload":[1]}""", """{"payload":42}""", """{"reading":{"v":1}}""")
                    .Select(json => ("payload missing or not a non-empty object", json)),
                Malformed.OversizedObject(ApiLimits.MaxPayloadProperties, ApiLimits.MaxPayloadBytes).Select(payload => ("payload over a limit", $"{{\"payload\":{payload}}}")));
            var invalidBody = Body(route, HttpMethod.Post, $"/api/v1/weather/{BadInputFixture.City}/main_st", valid, ApiLimits.MaxBodyBytes, checksContentType: false, fields);
            var badPath = Gen.Select(Malformed.PathSlug, Gen.Int[0, 2], (slug, at) => LegacyPath(slug, at))
                .Select(path => MalformedRequest.WithJson(route, "path part not a slug", HttpMethod.Post, path, valid));
            var refused = Gen.OneOf(
                MalformedRequest.WithJson(route, "unknown sensor", HttpMethod.Post, $"/api/v1/weather/{BadInputFixture.City}/nowhere", valid),
                MalformedRequest.WithJson(route, "inactive sensor", HttpMethod.Post, $"/api/v1/traffic/{BadInputFixture.City}/pine_st", valid));
            return Gen.Frequency((6, invalidBody), (2, badPath), (1, refused));
        }
    }

    private static Gen<MalformedRequest> LegacyLatest => Gen.Frequency(
        (4, Gen.Select(Malformed.PathSlug, Gen.Int[0, 2], (slug, at) => new MalformedRequest("GET /v1/{sensorType}/{city}/{location}", "path part not a slug", HttpMethod.Get, LegacyPath(slug, at)))),
        (1, Gen.OneOf(
            new MalformedRequest("GET /v1/{sensorType}/{city}/{location}", "unknown sensor", HttpMethod.Get, $"/api/v1/weather/{BadInputFixture.City}/nowhere"),
            new MalformedRequest("GET /v1/{sensorType}/{city}/{location}", "no reading yet", HttpMethod.Get, $"/api/v1/traffic/{BadInputFixture.City}/pine_st"))));

    private static Gen<MalformedRequest> GetSensor => Gen.Frequency(
        (5, Malformed.PathSensorId.Select(id => new MalformedRequest("GET /sensors/{sensorId}", "sensorId invalid", HttpMethod.Get, $"/api/sensors/{Uri.EscapeDataString(id)}"))),
        (1, Gen.Const(new MalformedRequest("GET /sensors/{sensorId}", "unknown sensor", HttpMethod.Get, $"/api/sensors/{UnknownSensor}"))));

    private static Gen<MalformedRequest> DeleteSensor => Gen.Frequency(
        (5, Malformed.PathSensorId.Select(id => new MalformedRequest("DELETE /sensors/{sensorId}", "sensorId invalid", HttpMethod.Delete, $"/api/sensors/{Uri.EscapeDataString(id)}"))),
        (1, Gen.Const(new MalformedRequest("DELETE /sensors/{sensorId}", "unknown sensor", HttpMethod.Delete, $"/api/sensors/{UnknownSensor}"))));

    private Gen<MalformedRequest> GetLatest => Gen.Frequency(
        (5, Malformed.PathSensorId.Select(id => new MalformedRequest("GET /sensors/{sensorId}/readings/latest", "sensorId invalid", HttpMethod.Get, $"/api/sensors/{Uri.EscapeDataString(id)}/readings/latest"))),
        (1, Gen.OneOf(
            new MalformedRequest("GET /sensors/{sensorId}/readings/latest", "unknown sensor", HttpMethod.Get, $"/api/sensors/{UnknownSensor}/readings/latest"),
            new MalformedRequest("GET /sensors/{sensorId}/readings/latest", "no reading yet", HttpMethod.Get, $"/api/sensors/{data.Inactive}/readings/latest"))));

    private Gen<MalformedRequest> ListSensors
    {
        get
        {
            var city = BadInputFixture.City;
            var queries = Gen.OneOf(
                BadLimit(ApiLimits.MaxSensorPageSize).Select(limit => ("limit invalid", $"limit={limit}")),
                Malformed.Slug.Select(slug => ("city not a slug", $"city={Uri.EscapeDataString(slug)}")),
                Malformed.Slug.Select(slug => ("type not a slug", $"type={Uri.EscapeDataString(slug)}")),
                Gen.OneOf("sleeping", "ACTIVE", "Active", "", "1", "active,inactive").Select(status => ("status unknown", $"status={Uri.EscapeDataString(status)}")),
                BadNear.Select(near => ("near invalid", $"near={Uri.EscapeDataString(near)}")),
                BadRadius.Select(radius => ("radius invalid", $"near={BadInputFixture.Near}&radius={Uri.EscapeDataString(radius)}")),
                Gen.Const(("radius without near", "radius=100")),
                Gen.OneOf("1,2,3", "0,0,6,1", "0,0,1,6", "1,1,0,0", "-181,0,-179,1", "0,-91,1,-89", "a,b,c,d", "", "1,2,3,4,5", "NaN,0,1,1", "0,0,Infinity,1")
                    .Select(bbox => ("bbox invalid", $"bbox={Uri.EscapeDataString(bbox)}")),
                Gen.Const(("near and bbox", $"near={BadInputFixture.Near}&bbox=-95.4,29.7,-95.3,29.8")),
                BadCursor(data.SensorsCursor, SensorCursorTampering).Select(cursor => ("cursor invalid", $"city={city}&limit=1&cursor={Uri.EscapeDataString(cursor)}")),
                Gen.OneOf(
                        ("cursor of another filter", $"city=elsewhere&limit=1&cursor={Uri.EscapeDataString(data.SensorsCursor)}"),
                        ("cursor of another filter", $"city={city}&type=weather&limit=1&cursor={Uri.EscapeDataString(data.SensorsCursor)}"),
                        ("cursor of a near listing", $"city={city}&near={BadInputFixture.Near}&cursor={Uri.EscapeDataString(data.SensorsCursor)}"),
                        ("cursor of another listing", $"city={city}&limit=1&cursor={Uri.EscapeDataString(data.MainReadingsCursor)}"),
                        ("cursor of another listing", $"limit=1&cursor={Uri.EscapeDataString(data.NearCursor)}")));
            return queries.Select(query => new MalformedRequest("GET /sensors", query.Item1, HttpMethod.Get, "/api/sensors?" + query.Item2));
        }
    }

    private Gen<MalformedRequest> ListReadings
    {
        get
        {
            const string route = "GET /sensors/{sensorId}/readings";
            var path = $"/api/sensors/{data.Main}/readings";
            var queries = Gen.OneOf(
                BadLimit(ApiLimits.MaxReadingPageSize).Select(limit => ("limit invalid", $"limit={limit}")),
                Gen.Select(Gen.OneOf("from", "to"), Malformed.Timestamp.Where(t => !Timestamps.TryParse(t, out _)), (name, value) => ($"{name} not a date-time", $"{name}={Uri.EscapeDataString(value)}")),
                Gen.Const(("from after to", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")),
                Gen.Const(("offset '+' not encoded", "from=2026-01-01T00:00:00+01:00")),
                Gen.OneOf("xml", "CSV ", "json,csv", "", "text/csv").Where(f => f.Length > 0).Select(format => ("format unknown", $"format={Uri.EscapeDataString(format)}")),
                BadCursor(data.MainReadingsCursor, ReadingCursorTampering).Select(cursor => ("cursor invalid", $"limit=2&cursor={Uri.EscapeDataString(cursor)}")),
                Gen.OneOf(
                    ("cursor of another sensor", $"limit=1&cursor={Uri.EscapeDataString(data.OtherReadingsCursor)}"),
                    ("cursor of another range", $"limit=2&from=2026-01-01T00:00:00Z&cursor={Uri.EscapeDataString(data.MainReadingsCursor)}"),
                    ("cursor of another listing", $"limit=2&cursor={Uri.EscapeDataString(data.SensorsCursor)}")));
            var query = queries.Select(q => new MalformedRequest(route, q.Item1, HttpMethod.Get, path + "?" + q.Item2));
            var badPath = Malformed.PathSensorId.Select(id => new MalformedRequest(route, "sensorId invalid", HttpMethod.Get, $"/api/sensors/{Uri.EscapeDataString(id)}/readings"));
            var unknown = Gen.Const(new MalformedRequest(route, "unknown sensor", HttpMethod.Get, $"/api/sensors/{UnknownSensor}/readings?format=csv"));
            return Gen.Frequency((6, query), (2, badPath), (1, unknown));
        }
    }

    private Gen<MalformedRequest> LatestNear
    {
        get
        {
            var near = BadInputFixture.Near;
            var queries = Gen.OneOf(
                Gen.Const(("near missing", "radius=100")),
                BadNear.Select(value => ("near invalid", $"near={Uri.EscapeDataString(value)}")),
                BadRadius.Select(radius => ("radius invalid", $"near={near}&radius={Uri.EscapeDataString(radius)}")),
                Malformed.Slug.Select(slug => ("type not a slug", $"near={near}&type={Uri.EscapeDataString(slug)}")),
                BadLimit(200).Select(limit => ("limit invalid", $"near={near}&limit={limit}")),
                BadCursor(data.NearCursor, NearCursorTampering).Select(cursor => ("cursor invalid", $"near={near}&limit=1&cursor={Uri.EscapeDataString(cursor)}")),
                Gen.OneOf(
                    ("cursor of another point", $"near=29.75,-95.35&limit=1&cursor={Uri.EscapeDataString(data.NearCursor)}"),
                    ("cursor of another radius", $"near={near}&radius=5000&limit=1&cursor={Uri.EscapeDataString(data.NearCursor)}"),
                    ("cursor of another listing", $"near={near}&limit=1&cursor={Uri.EscapeDataString(data.SensorsCursor)}")));
            return queries.Select(q => new MalformedRequest("GET /readings/latest", q.Item1, HttpMethod.Get, "/api/readings/latest?" + q.Item2));
        }
    }

    private static Gen<string> BadNear { get; } = Gen.OneOf(
        "91,0", "-90.0001,0", "0,181", "0,-180.5", "abc", "1,2,3", "1", "NaN,0", "0,NaN", "Infinity,0", "1e400,0", ",", "1;2", "", "29.7 -95.3", "0x1,0", "1,2,");

    private static Gen<string> BadRadius { get; } = Gen.OneOf("0", "-1", "50001", "1e9", "abc", "NaN", "Infinity", "1,000", "0x10");

    private static Gen<string> BadLimit(int max) => Gen.OneOf(
        Gen.OneOf("0", "-1", "abc", "1.5", "1e3", " 5", "5 ", "+5", "0x10", "99999999999999999999", "\u0663", "\uff11", "5,5"),
        Gen.Int[max + 1, int.MaxValue].Select(limit => limit.ToString(CultureInfo.InvariantCulture)))
        .Select(Uri.EscapeDataString);

    private static IReadOnlyList<(string Flaw, Action<JsonObject> Change)> ReadingCursorTampering { get; } =
    [
        ("incarnation changed", cursor => cursor["incarnation"] = "0000000000000000"),
        ("position not a sort key", cursor => cursor["before"] = "garbage"),
        ("position after the range", cursor => cursor["before"] = "9999-12-31T23:59:59.9999999Z|z"),
        ("range start not a sort key", cursor => cursor["from"] = "garbage"),
        ("field missing", cursor => cursor.Remove("sensor")),
        ("field null", cursor => cursor["to"] = null),
        ("field of the wrong type", cursor => cursor["before"] = 5),
        ("sensor changed", cursor => cursor["sensor"] = "badinput.oak_st.air_quality"),
    ];

    private static IReadOnlyList<(string Flaw, Action<JsonObject> Change)> SensorCursorTampering { get; } =
    [
        ("filter changed", cursor => cursor["city"] = "elsewhere"),
        ("position not a sensor id", cursor => cursor["after"] = "not an id"),
        ("field missing", cursor => cursor.Remove("after")),
        ("distance added", cursor => cursor["distance"] = 5),
        ("field of the wrong type", cursor => cursor["after"] = 5),
    ];

    private static IReadOnlyList<(string Flaw, Action<JsonObject> Change)> NearCursorTampering { get; } =
    [
        ("point changed", cursor => cursor["lat"] = 0),
        ("position not a sensor id", cursor => cursor["after"] = "x"),
        ("field missing", cursor => cursor.Remove("lat")),
        ("listing changed", cursor => cursor["listing"] = 0),
        ("distance of the wrong type", cursor => cursor["distance"] = "far"),
    ];

    /// <summary>Cursors that are garbage, truncated, too long, not base64url, or a real one with a field tampered.</summary>
    private static Gen<string> BadCursor(string real, IReadOnlyList<(string Flaw, Action<JsonObject> Change)> tampering) => Gen.OneOf(
        Gen.Byte.Array[1, 200].Select(bytes => Base64Url.EncodeToString(bytes)),
        Gen.OneOf("!!!", "a+b/c=", "=", "eyJ9", "e30", "bnVsbA", "W10", "%%%", "not a cursor", " "),
        Malformed.AnyText(1, 40),
        Gen.Int[1, Math.Min(real.Length - 1, 40)].Select(cut => real[..^cut]),
        Gen.Int[ApiLimits.MaxCursorLength + 1, ApiLimits.MaxCursorLength + 600].Select(length => string.Concat(Enumerable.Repeat(real, (length / real.Length) + 1))[..length]),
        Gen.Int[0, tampering.Count - 1].Select(index => Tamper(real, tampering[index].Change)));

    private static string Tamper(string cursor, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(Base64Url.DecodeFromChars(cursor))!.AsObject();
        change(json);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static string LegacyPath(string slug, int at)
    {
        var parts = new[] { "weather", BadInputFixture.City, "main_st" };
        parts[at] = slug;
        return "/api/v1/" + string.Join("/", parts.Select(Uri.EscapeDataString));
    }

    private static Gen<(string Flaw, string Json)> Coordinates(Func<JsonObject> valid) => Gen.OneOf(
        Malformed.OutOfRange.Select(c => ("coordinates out of range", With(valid(), "coordinates", new JsonObject { ["lat"] = c.Lat, ["lon"] = c.Lon }).ToJsonString())),
        Gen.Select(Gen.OneOf("lat", "lon"), Malformed.NonFiniteNumberText, (axis, number) => ($"coordinates.{axis} not finite", Raw(valid(), "coordinates", axis == "lat" ? $"{{\"lat\":{number},\"lon\":1}}" : $"{{\"lat\":1,\"lon\":{number}}}"))),
        Gen.OneOf(
                """{"lat":"1","lon":1}""", """{"lat":1,"lon":"NaN"}""", """{"lat":1}""", """{"lon":1}""", """{"lat":null,"lon":1}""", """{"lat":1,"lon":1,"alt":3}""",
                """{"lat":true,"lon":1}""", """{"lat":[1],"lon":1}""", """[1,1]""", """{"latitude":1,"longitude":1}""", """{"type":"Point","coordinates":[1,1]}""")
            .Select(coordinates => ("coordinates malformed", Raw(valid(), "coordinates", coordinates))));

    /// <summary>
    /// Body flaws common to every route with a JSON body, and the route's own field flaws.
    /// </summary>
    private static Gen<MalformedRequest> Body(
        string route,
        HttpMethod method,
        string url,
        string valid,
        int limit,
        bool checksContentType,
        Gen<(string Flaw, string Json)> fields,
        int oversizedWeight = 2)
    {
        MalformedRequest Make(string flaw, string json, string? contentType = Json) => MalformedRequest.WithJson(route, flaw, method, url, json, contentType);
        var common = new List<(int, IGen<MalformedRequest>)>
        {
            (12, fields.Select(field => Make(field.Flaw, field.Json))),
            (3, Malformed.NotJson.Select(text => Make("not JSON", text))),
            (3, Malformed.Truncated(valid).Select(text => Make("truncated", text))),
            (1, Malformed.NotUtf8(valid).Select(bytes => new MalformedRequest(route, "not UTF-8", method, url, bytes, Json))),
            (2, Gen.OneOf("", "   ", "null", "[]", "\"text\"", "42", "true", "\n").Select(text => Make("empty or not an object", text))),
            (oversizedWeight, Malformed.Padded(valid, limit, 4096).Select(text => Make("over the body limit", text))),
        };
        if (checksContentType)
        {
            common.Add((2, Malformed.ContentTypeNotJson.Select(contentType => Make("content type " + contentType, valid, contentType))));
            common.Add((1, Gen.Const(Make("no content type", valid, contentType: null))));
        }

        return Gen.Frequency([.. common]);
    }

    private static JsonObject With(JsonObject body, string field, JsonNode? value)
    {
        body[field] = value?.DeepClone();
        return body;
    }

    private static JsonObject Remove(JsonObject body, string field)
    {
        body.Remove(field);
        return body;
    }

    private static string Without(JsonObject body, string field)
    {
        body.Remove(field);
        return body.ToJsonString();
    }

    /// <summary>The body with <paramref name="field"/> set to raw JSON text (which may be a number JSON cannot hold).</summary>
    private static string Raw(JsonObject body, string field, string rawJson)
    {
        body[field] = "__RAW__";
        return body.ToJsonString().Replace(Placeholder, rawJson, StringComparison.Ordinal);
    }

    /// <summary>A batch item whose field is parsed JSON text (numbers JSON cannot hold as a double are kept as written).</summary>
    private static JsonObject RawNode(JsonObject item, string field, string rawJson)
    {
        item[field] = JsonNode.Parse(rawJson, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
        return item;
    }
}
