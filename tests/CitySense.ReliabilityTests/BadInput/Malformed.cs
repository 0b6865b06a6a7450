using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.Core;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CsCheck;

namespace CitySense.ReliabilityTests.BadInput;

/// <summary>
/// Generators of values that break a rule of the API. Each is filtered by the API's own rule where one exists
/// (<see cref="Slug"/>, <see cref="SensorId"/>, <see cref="ReadingId"/>), so it can never be valid by accident.
/// </summary>
public static class Malformed
{
    /// <summary>Characters that have a meaning in URLs, JSON, queries or shells.</summary>
    private const string Special = "/?#\\%.+ \t\n\r\0'\"<>&;,:@=*()[]{}|^`~!$";

    private static readonly string[] Tricky =
    [
        "Houston", "CLAY_ST", "münchen", "東京", "café", "😀", "ｈｏｕｓｔｏｎ", "straße", "İstanbul", "a b", "a.b", "", " ",
        "a\u0000b", "a\tb", "a\u007fb", "a\u202eb", "a\u200bb", "a/b", "a?b", "a#b", "a\\b", "a%2Fb", "a%2fb", "%2F", "a%b",
        "a+b", "a'b", "a\"b", "<script>", "../x", "..", ".", "null", "a\r\nb", "\ud83d\ude00sensor",
    ];

    public static Gen<string> Lowercase(int min, int max) => Gen.String[Gen.Char['a', 'z'], min, max];

    /// <summary>Any text: printable ASCII, Latin-1, CJK, control characters.</summary>
    public static Gen<string> AnyText(int min, int max) =>
        Gen.String[Gen.Frequency((6, Gen.Char[' ', '~']), (2, Gen.Char['\u00a0', '\u024f']), (1, Gen.Char['\u4e00', '\u4fff']), (1, Gen.Char['\u0000', '\u001f'])), min, max];

    /// <summary>A city, location or type that <see cref="Slug"/> refuses.</summary>
    public static Gen<string> Slug { get; } = Gen.OneOf(
            Lowercase(MaxSlugLength + 1, 200),
            Gen.OneOf(Tricky),
            Gen.Select(Lowercase(1, 10), Gen.Char[Special], Gen.Int[0, 10], (text, ch, at) => text.Insert(Math.Min(at, text.Length), ch.ToString())),
            AnyText(1, 30))
        .Where(value => !Core.Sensors.Slug.IsValid(value));

    /// <summary>A well-formed slug (for the parts of an id that stay valid).</summary>
    public static Gen<string> ValidSlug { get; } = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_-"], 1, 12];

    /// <summary>A sensor id that <see cref="SensorId.TryParse"/> refuses, with at least one character that is not a dot.</summary>
    public static Gen<string> SensorIdText { get; } = Gen.OneOf(
            Gen.Select(Slug, ValidSlug, ValidSlug, Gen.Int[0, 2], (bad, a, b, at) => at switch
            {
                0 => $"{bad}.{a}.{b}",
                1 => $"{a}.{bad}.{b}",
                _ => $"{a}.{b}.{bad}",
            }),
            Gen.Select(ValidSlug, ValidSlug, (a, b) => $"{a}.{b}"),
            Gen.Select(ValidSlug, ValidSlug, ValidSlug, ValidSlug, (a, b, c, d) => $"{a}.{b}.{c}.{d}"),
            Gen.Select(Lowercase(60, 64), Lowercase(60, 64), Lowercase(70, 80), (a, b, c) => $"{a}.{b}.{c}"),
            Gen.OneOf("houston.clay_st.weather/readings", "a.b.c%2Fd", "a.b.c?x=1", "a.b.c#frag", "a.b.c\\d", "a.b.c%2F", " a.b.c", "a.b.c ", "a..c", "a.b.c\n"),
            AnyText(1, 40))
        .Where(id => !SensorId.TryParse(id, out _) && id.Any(ch => ch != '.'));

    /// <summary>
    /// A <see cref="SensorIdText"/> to put in a URL path. NUL never gets that far: the HTTP server refuses a path with
    /// %00 before any application code runs (Kestrel answers 400), so it is left to the JSON bodies.
    /// </summary>
    public static Gen<string> PathSensorId { get; } = SensorIdText.Where(id => !id.Contains('\0', StringComparison.Ordinal));

    /// <summary>
    /// A path segment that is not a slug. Not empty and not only dots: those are not segments but a different path
    /// (the client's URL normalisation removes them), which no route matches. NUL as in <see cref="PathSensorId"/>.
    /// </summary>
    public static Gen<string> PathSlug { get; } = Slug.Where(slug => slug.Any(ch => ch != '.') && !slug.Contains('\0', StringComparison.Ordinal));

    /// <summary>A reading id that <see cref="ReadingId"/> refuses.</summary>
    public static Gen<string> ReadingIdText { get; } = Gen.OneOf(
            Gen.String[Gen.Char["abcXYZ019._:-"], 129, 300],
            Gen.OneOf(Tricky),
            Gen.OneOf("-leading", "_leading", ".leading", ":leading", "a/b", "a?b", "a#b", "a\\b", "a%2Fb", "id with space", "ü", "a|b", "a~b"),
            Gen.Select(Lowercase(1, 10), Gen.Char[Special], (text, ch) => text + ch),
            AnyText(1, 40))
        .Where(id => !ReadingId.IsValid(id));

    /// <summary>A JSON value of a type no field of the API takes where a string or an object is expected.</summary>
    public static Gen<JsonNode?> WrongType { get; } = Gen.OneOf<JsonNode?>(
        Gen.Const<JsonNode?>(JsonValue.Create(42)),
        Gen.Const<JsonNode?>(JsonValue.Create(true)),
        Gen.Const<JsonNode?>(JsonValue.Create(1.5)),
        Gen.Const<JsonNode?>(new JsonArray(1, 2)),
        Gen.Const<JsonNode?>(new JsonArray()));

    /// <summary>A number JSON can write but that is not a finite 64-bit float (or not a number at all in JSON).</summary>
    public static Gen<string> NonFiniteNumberText { get; } = Gen.OneOf("1e309", "-1e400", "1e99999", "-2e308", "17976931348623159e292");

    /// <summary>Latitudes and longitudes outside their ranges: [lat, lon].</summary>
    public static Gen<(double Lat, double Lon)> OutOfRange { get; } = Gen.OneOf(
        Gen.Double[90.0000001, 1e300].Select(lat => (lat, 0.0)),
        Gen.Double[-1e300, -90.0000001].Select(lat => (lat, 0.0)),
        Gen.Double[180.0000001, 1e300].Select(lon => (0.0, lon)),
        Gen.Double[-1e300, -180.0000001].Select(lon => (0.0, lon)),
        Gen.Const((90.000000000001, 0.0)),
        Gen.Const((0.0, -180.00000000001)));

    /// <summary>A JSON object (payload or metadata) that breaks a limit: depth, property count, size, strings, names.</summary>
    public static Gen<string> OversizedObject(int maxProperties, int maxBytes, int maxNesting = 40) => Gen.OneOf(
        Gen.Int[ApiLimits.MaxPayloadDepth + 1, maxNesting].Select(depth => Nest(depth, objects: true)),
        Gen.Int[ApiLimits.MaxPayloadDepth, maxNesting].Select(depth => "{\"a\":" + Nest(depth, objects: false) + "}"),
        Gen.Int[maxProperties + 1, maxProperties + 60].Select(count =>
            "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"p{i}\":{i}")) + "}"),
        Gen.Int[(maxProperties / 2) + 1, maxProperties].Select(count =>
            "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"p{i}\":{{\"q\":{i}}}")) + "}"),
        Gen.Int[maxBytes + 1, maxBytes + 3000].Select(size => SizedObject(size)),
        Gen.Int[ApiLimits.MaxStringValueLength + 1, ApiLimits.MaxStringValueLength + 500].Select(length => $"{{\"s\":\"{new string('x', length)}\"}}"),
        Gen.Int[257, 400].Select(length => $"{{\"{new string('n', length)}\":1}}"),
        Gen.Const("{\"\":1}"),
        NonFiniteNumberText.Select(number => $"{{\"v\":{number}}}"),
        NonFiniteNumberText.Select(number => $"{{\"list\":[1,{number}]}}"));

    /// <summary>Bodies that are not JSON at all.</summary>
    public static Gen<string> NotJson { get; } = Gen.OneOf(
        Gen.OneOf(
            "{", "}", "[", "{\"a\":1,}", "{'single':1}", "{\"a\":NaN}", "{\"payload\":{\"v\":NaN}}", "{\"payload\":{\"v\":Infinity}}",
            "{\"payload\":{\"v\":-Infinity}}", "{\"payload\":{\"v\":01}}", "{\"payload\":{\"v\":.5}}", "{\"payload\":{\"v\":1.}}",
            "{\"payload\":{\"v\":+1}}", "{\"payload\":{\"v\":0x10}}", "{\"a\":1}{\"a\":2}", "{\"a\":1} trailing", "/* comment */ {}",
            "{\"a\":\"\u0001\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\ud800\"", "\"unterminated", "nul", "tru",
            "{\"payload\":{\"v\":1}", "{\"payload\":", "undefined", "<xml/>", "payload=1", "{\"a\" 1}", "{a:1}", "[1,2"),
        Gen.Int[33, 3000].Select(depth => new string('[', depth)),
        Gen.Int[65, 2000].Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.Int[65, 2000].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
        AnyText(1, 60).Where(text => !LooksLikeJson(text)));

    /// <summary>Bytes that are not UTF-8, inside an otherwise fine body.</summary>
    public static Gen<byte[]> NotUtf8(string validJson) => Gen.OneOf(
        Gen.Const(new byte[] { 0xff, 0xfe, 0x7b, 0x7d }),
        Gen.Int[1, Math.Max(1, validJson.Length - 2)].Select(at =>
        {
            var bytes = Encoding.UTF8.GetBytes(validJson).ToList();
            bytes.InsertRange(Math.Min(at, bytes.Count), new byte[] { 0xc3, 0x28 });
            return bytes.ToArray();
        }));

    /// <summary>Every proper prefix of a JSON object is not JSON (the empty one is an empty body).</summary>
    public static Gen<string> Truncated(string validJson) => Gen.Int[0, validJson.Length - 1].Select(length => validJson[..length]);

    /// <summary>The body padded with JSON whitespace to a size over the limit.</summary>
    public static Gen<string> Padded(string validJson, int limit, int extra) =>
        Gen.Int[limit + 1, limit + extra].Select(size => validJson + new string(' ', Math.Max(0, size - Encoding.UTF8.GetByteCount(validJson))));

    public static Gen<string> ContentTypeNotJson { get; } = Gen.OneOf(
        "text/plain", "application/xml", "text/json", "text/html; charset=utf-8", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "application/jsonp", "json", "application/octet-stream", "application/json-seq",
        "application/javascript", "*/*", "application/*");

    /// <summary>Timestamps the API refuses: not RFC 3339 with an offset, or outside the accepted window.</summary>
    public static Gen<string> Timestamp { get; } = Gen.OneOf(
        Gen.OneOf(
            "yesterday", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T24:00:01Z",
            "2026-01-01T00:00:00.12345678Z", "2026-01-01 00:00:00Z", "1767225600", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00+14:00", "2026-01-01T00:00:00+24:00", "", "T", "2026-W01", "+002026-01-01T00:00:00Z"),
        Gen.Int[10, 100_000].Select(minutes => DateTimeOffset.UtcNow.AddMinutes(minutes).ToString("O", CultureInfo.InvariantCulture)),
        Gen.Int[400, 5000].Select(days => DateTimeOffset.UtcNow.AddDays(-days).ToString("O", CultureInfo.InvariantCulture)));

    private const int MaxSlugLength = 64;

    private static string Nest(int depth, bool objects) => objects
        ? string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{\"v\":1}" + new string('}', depth - 1)
        : new string('[', depth) + "1" + new string(']', depth);

    /// <summary>An object of strings within the 4,096-character limit whose JSON is larger than <paramref name="minSize"/>.</summary>
    private static string SizedObject(int minSize)
    {
        var builder = new StringBuilder("{");
        for (var index = 0; builder.Length <= minSize; index++)
        {
            builder.Append(index == 0 ? string.Empty : ",").Append($"\"s{index}\":\"").Append('x', 4000).Append('"');
        }

        return builder.Append('}').ToString();
    }

    private static bool LooksLikeJson(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
