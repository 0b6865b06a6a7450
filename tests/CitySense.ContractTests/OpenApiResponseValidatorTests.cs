using System.Text.Json.Nodes;
using CitySense.Functions;
using CitySense.Testing.OpenApi;

namespace CitySense.ContractTests;

/// <summary>
/// The validator the end-to-end tests run every response through: it must accept what the document allows and
/// report what it does not, or the end-to-end contract check proves nothing.
/// </summary>
public sealed class OpenApiResponseValidatorTests
{
    private const string Sensor = """
        {"id":"houston.clay_st.weather","city":"houston","location":"clay_st","type":"weather",
         "coordinates":{"lat":29.742079,"lon":-95.346254},"status":"active",
         "createdAt":"2026-11-28T09:00:00.0000000Z","updatedAt":"2026-11-28T09:00:00.0000000Z","etag":"\"3f9a1c07b2e4d815\""}
        """;

    private const string Problem = """
        {"type":"urn:citysense:problem:validation","title":"The request is invalid.","status":400,
         "detail":"sensorId must be {city}.{location}.{type}.","instance":"/api/sensors/X","errors":{"sensorId":["must be"]}}
        """;

    private static readonly OpenApiResponseValidator Validator = new(Document());

    [Fact]
    public void Validate_SensorAsDocumented_NoViolation()
    {
        Assert.Empty(Validator.Validate("GET", "/api/sensors/houston.clay_st.weather", 200, "application/json", Sensor, WithCachingHeaders));
    }

    [Fact]
    public void Validate_DocumentRequiresAFieldTheBodyLacks_Violation()
    {
        var document = Document();
        document["components"]!["schemas"]!["Sensor"]!["required"]!.AsArray().Add("serialNumber");

        var violations = new OpenApiResponseValidator(document).Validate("GET", "/api/sensors/houston.clay_st.weather", 200, "application/json", Sensor, WithCachingHeaders);

        Assert.Contains(violations, violation => violation.Contains("serialNumber", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WrongTypeInNestedReference_ViolationNamesTheLocation()
    {
        var body = Sensor.Replace("29.742079", "\"north\"", StringComparison.Ordinal);

        var violations = Validator.Validate("GET", "/api/sensors/houston.clay_st.weather", 200, "application/json", body, WithCachingHeaders);

        Assert.Contains(violations, violation => violation.Contains("/coordinates/lat", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StatusNotDocumented_Violation()
    {
        var violations = Validator.Validate("GET", "/api/sensors/houston.clay_st.weather", 418, "application/problem+json", Problem, NoHeaders);

        Assert.Contains(violations, violation => violation.Contains("status 418 is not documented for GetSensor", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RequiredHeaderMissing_Violation()
    {
        var violations = Validator.Validate("GET", "/api/sensors/houston.clay_st.weather", 200, "application/json", Sensor, NoHeaders);

        Assert.Contains(violations, violation => violation.Contains("required header ETag", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NotModifiedWithoutItsValidator_Violation()
    {
        var violations = Validator.Validate("GET", "/api/sensors/houston.clay_st.weather/readings/latest", 304, null, string.Empty, name => name == "Cache-Control");

        Assert.Contains(violations, violation => violation.Contains("required header ETag", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ProblemWithJsonInsteadOfProblemJson_Violation()
    {
        var violations = Validator.Validate("GET", "/api/sensors/houston.clay_st.weather", 400, "application/json", Problem, NoHeaders);

        Assert.Contains(violations, violation => violation.Contains("content type application/json is not documented", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_InvalidSensorIdProblem_NoViolation()
    {
        Assert.Empty(Validator.Validate("GET", "/api/sensors/HOUSTON.clay_st.weather", 400, "application/problem+json", Problem, NoHeaders));
    }

    [Theory]
    [InlineData("null", true)]
    [InlineData("\"eyJ2IjoxfQ\"", true)]
    [InlineData("5", false)]
    public void Validate_NullableNextCursor_NullOrStringOnly(string cursor, bool valid)
    {
        var page = $$"""{"items":[{{Sensor}}],"nextCursor":{{cursor}}}""";

        var violations = Validator.Validate("GET", "/api/sensors", 200, "application/json", page, WithCachingHeaders);

        Assert.Equal(valid, violations.Count == 0);
    }

    [Fact]
    public void Validate_FormatAnnotation_NotAsserted()
    {
        var body = Sensor.Replace("2026-11-28T09:00:00.0000000Z\",\"updatedAt", "yesterday\",\"updatedAt", StringComparison.Ordinal);

        Assert.Empty(Validator.Validate("GET", "/api/sensors/houston.clay_st.weather", 200, "application/json", body, WithCachingHeaders));
    }

    [Fact]
    public void Validate_NoContentWithBody_Violation()
    {
        var violations = Validator.Validate("DELETE", "/api/sensors/houston.clay_st.weather", 204, "application/json", "{}", NoHeaders);

        Assert.Contains(violations, violation => violation.Contains("documented without a body", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/api/things", "no documented path")]
    [InlineData("PATCH", "/api/sensors/houston.clay_st.weather", "PATCH is not documented")]
    public void Validate_UndocumentedRequest_Violation(string method, string path, string expected)
    {
        var violations = Validator.Validate(method, path, 404, null, string.Empty, NoHeaders);

        Assert.Contains(violations, violation => violation.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OutsideTheServerPath_Ignored()
    {
        Assert.Empty(Validator.Validate("GET", "/docs/", 200, "text/html", "<!doctype html>", NoHeaders));
    }

    [Fact]
    public void Validate_LiteralSegmentBeatsParameter_LatestNotTakenForAReadingId()
    {
        var reading = """
            {"id":"r1","sensorId":"houston.clay_st.weather","timestamp":"2026-11-28T09:00:00.0000000Z",
             "receivedAt":"2026-11-28T09:00:00.0000000Z","payload":{"v":1},"coordinates":{"lat":1,"lon":2}}
            """;

        Assert.Empty(Validator.Validate("GET", "/api/sensors/houston.clay_st.weather/readings/latest", 200, "application/json", reading, WithCachingHeaders));
    }

    /// <summary>The headers every cacheable read sends (a validator, its freshness, and Vary where the route negotiates).</summary>
    private static bool WithCachingHeaders(string name) => name.ToUpperInvariant() is "ETAG" or "CACHE-CONTROL" or "VARY";

    private static bool NoHeaders(string name) => false;

    private static JsonObject Document() => JsonNode.Parse(OpenApiDocument.Embedded.JsonText)!.AsObject();
}
