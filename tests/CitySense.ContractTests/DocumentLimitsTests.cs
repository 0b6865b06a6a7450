using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CitySense.ContractTests.Support;
using CitySense.Core;
using CitySense.Core.Access;
using CitySense.Core.Geo;
using CitySense.Core.Json;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using CitySense.Core.Validation;
using CitySense.Core.Webhooks;
using CitySense.Functions.Queries;

namespace CitySense.ContractTests;

/// <summary>
/// Every limit the API enforces is declared in openapi/openapi.yaml with the number the code enforces: each test reads
/// the document and the code (its constants, its regular expressions, or the rule itself at the limit and one past
/// it), so changing either alone fails here. docs/reliability.md lists the same limits.
/// </summary>
public sealed class DocumentLimitsTests
{
    private static readonly JsonObject Document = JsonNode.Parse(Repository.OpenApiJson)!.AsObject();

    [Theory]
    [InlineData("SensorLimit", "SensorPage", ApiLimits.DefaultSensorPageSize, ApiLimits.MaxSensorPageSize)]
    [InlineData("ReadingLimit", "ReadingPage", ApiLimits.DefaultReadingPageSize, ApiLimits.MaxReadingPageSize)]
    [InlineData("AggregateLimit", "AggregatePage", ApiLimits.DefaultAggregatePageSize, ApiLimits.MaxAggregatePageSize)]
    [InlineData("LatestNearLimit", "LatestNearPage", ApiLimits.DefaultLatestNearPageSize, ApiLimits.MaxLatestNearPageSize)]
    [InlineData("OperatorLimit", "OperatorPage", ApiLimits.DefaultOperatorPageSize, ApiLimits.MaxOperatorPageSize)]
    [InlineData("AuditLimit", "AuditPage", ApiLimits.DefaultAuditPageSize, ApiLimits.MaxAuditPageSize)]
    public void PageSize_Document_DeclaresTheCodesDefaultAndMaximum(string parameter, string page, int defaultSize, int maxSize)
    {
        var limit = Parameter(parameter);

        Assert.Equal(1d, Number(limit["schema"]!["minimum"]));
        Assert.Equal(maxSize, Number(limit["schema"]!["maximum"]));
        Assert.Contains($"Left out, {defaultSize}.", limit["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(maxSize, Number(Schema(page)["properties"]!["items"]!["maxItems"]));
    }

    [Fact]
    public void Cursor_Document_DeclaresTheCodesMaximumLength()
    {
        Assert.Equal(ApiLimits.MaxCursorLength, Number(Parameter("Cursor")["schema"]!["maxLength"]));
        Assert.All(new[] { "SensorPage", "ReadingPage", "LatestNearPage", "OperatorPage", "AuditPage" }, page =>
            Assert.Equal(ApiLimits.MaxCursorLength, Number(Schema(page)["properties"]!["nextCursor"]!["maxLength"])));
    }

    [Fact]
    public void Batch_Document_DeclaresTheCodesItemLimit()
    {
        var results = Schema("BatchIngestResponse")["properties"]!;

        Assert.Equal(ApiLimits.MaxBatchItems, Number(Schema("BatchIngestRequest")["properties"]!["readings"]!["maxItems"]));
        Assert.Equal(ApiLimits.MaxBatchItems, Number(results["results"]!["maxItems"]));
        Assert.All(new[] { "created", "duplicates", "errors" }, count => Assert.Equal(ApiLimits.MaxBatchItems, Number(results[count]!["maximum"])));
        Assert.Equal(ApiLimits.MaxBatchItems - 1, Number(Schema("BatchIngestResult")["properties"]!["index"]!["maximum"]));
    }

    [Fact]
    public void RequestBodies_Document_DeclareTheCodesByteLimits()
    {
        var bodies = Operations()
            .Where(operation => operation.Operation["requestBody"] is not null)
            .ToDictionary(operation => operation.Id, operation => Number(operation.Operation["requestBody"]!["x-limits"]?["maxBytes"]));

        Assert.Equal(
            new Dictionary<string, double>
            {
                ["CreateSensor"] = ApiLimits.MaxBodyBytes,
                ["UpdateSensor"] = ApiLimits.MaxBodyBytes,
                ["IngestReading"] = ApiLimits.MaxBodyBytes,
                ["BatchIngestReadings"] = ApiLimits.MaxBatchBodyBytes,
                ["LegacyIngestReading"] = ApiLimits.MaxBodyBytes,
                ["PutOperator"] = ApiLimits.MaxBodyBytes,
                ["CreateSubscription"] = ApiLimits.MaxBodyBytes,
                ["UpdateSubscription"] = ApiLimits.MaxBodyBytes,
            },
            bodies);

        // A batch item's sensorId is echoed as sent: at most as long as the body that carried it.
        Assert.Equal(ApiLimits.MaxBatchBodyBytes, Number(Schema("BatchIngestResult")["properties"]!["sensorId"]!["maxLength"]));
    }

    [Fact]
    public void Grants_Document_DeclareTheCodesLimits()
    {
        var request = Schema("OperatorRequest")["properties"]!;

        Assert.Equal(GrantService.MaxNameLength, Number(request["name"]!["maxLength"]));
        Assert.Equal(GrantService.MaxCities, Number(request["cities"]!["maxItems"]));
        Assert.Equal(GrantService.MaxCities, Number(Schema("Operator")["properties"]!["cities"]!["maxItems"]));

        // Caller ids: the document's pattern accepts exactly what the code accepts, at the length limit and one past it.
        var pattern = new Regex(Schema("CallerId")["pattern"]!.GetValue<string>(), RegexOptions.CultureInvariant);
        foreach (var id in new[] { new string('a', 128), new string('a', 129), "houston-it", "sub:1.a_b", "", "a b", "a/b" })
        {
            Assert.Equal(Caller.IsValidId(id), pattern.IsMatch(id));
        }
    }

    [Fact]
    public void Subscriptions_Document_DeclareTheCodesLimits()
    {
        var filter = Schema("SubscriptionFilter")["properties"]!;

        Assert.Equal(SubscriptionRules.MaxDescriptionLength, Number(Schema("SubscriptionRequest")["properties"]!["description"]!["maxLength"]));
        Assert.Equal(SubscriptionRules.MaxSensorIds, Number(filter["sensorIds"]!["maxItems"]));
        Assert.Equal(SubscriptionRules.MaxConditions, Number(filter["conditions"]!["maxItems"]));
        Assert.Equal(GeoRules.MaxRadiusMeters, Number(Schema("SubscriptionNear")["properties"]!["radius"]!["maximum"]));
        Assert.Equal(WebhookTargetGuard.MaxUrlLength, Number(Schema("WebhookUrl")["maxLength"]));
        Assert.Equal(ApiLimits.MaxSubscriptionPageSize, Number(Schema("SubscriptionPage")["properties"]!["items"]!["maxItems"]));

        // Ids and payload field paths: the document's pattern accepts exactly what the code accepts.
        var id = new Regex(Schema("SubscriptionId")["pattern"]!.GetValue<string>(), RegexOptions.CultureInvariant);
        foreach (var candidate in new[] { "sub_" + new string('a', 32), "sub_" + new string('a', 31), "sub_" + new string('A', 32), "sub_" + new string('0', 33), "x" })
        {
            Assert.Equal(SubscriptionService.IsValidId(candidate), id.IsMatch(candidate));
        }

        var field = new Regex(Schema("PayloadCondition")["properties"]!["field"]!["pattern"]!.GetValue<string>(), RegexOptions.CultureInvariant);
        Assert.Equal(
            [true, true, false, false, true, false],
            new[] { "pm25", "wind.speedMs", "a..b", "a b", string.Join('.', Enumerable.Repeat("a", 8)), string.Join('.', Enumerable.Repeat("a", 9)) }.Select(path => field.IsMatch(path)));
    }

    [Theory]
    [InlineData("Payload", ApiLimits.MaxPayloadBytes, ApiLimits.MaxPayloadProperties)]
    [InlineData("Metadata", ApiLimits.MaxMetadataBytes, ApiLimits.MaxMetadataProperties)]
    public void FreeFormObjects_Document_DeclareTheCodesLimits(string schema, int maxBytes, int maxProperties)
    {
        var declared = Schema(schema);
        var limits = declared["x-limits"]!;

        Assert.Equal(maxProperties, Number(declared["maxProperties"]));
        Assert.Equal(maxBytes, Number(limits["maxBytes"]));
        Assert.Equal(maxProperties, Number(limits["maxPropertiesAtEveryLevel"]));
        Assert.Equal(ApiLimits.MaxPayloadDepth, Number(limits["maxDepth"]));
        Assert.Equal(ApiLimits.MaxStringValueLength, Number(limits["maxStringLength"]));
        var maxName = (int)Number(limits["maxNameLength"]);
        Assert.True(FreeFormObjectAccepted($$"""{"{{new string('n', maxName)}}": 1}"""), $"A {maxName}-character property name should be accepted.");
        Assert.False(FreeFormObjectAccepted($$"""{"{{new string('n', maxName + 1)}}": 1}"""), $"A {maxName + 1}-character property name should be refused.");
    }

    [Fact]
    public void Slug_Document_IsTheCodesPatternAndLength()
    {
        var slug = Schema("Slug");
        var pattern = CodePattern(typeof(Slug), "Pattern");

        Assert.Equal(pattern, slug["pattern"]!.GetValue<string>());
        Assert.Equal(MaxRepeat(pattern), Number(slug["maxLength"]));
    }

    [Fact]
    public void SensorId_Document_IsThreeSlugsAndTheirLength()
    {
        var slugPattern = CodePattern(typeof(Slug), "Pattern");
        var part = slugPattern.TrimStart('^').TrimEnd('$');
        var sensorId = Schema("SensorId");
        var maxLength = (int)Number(sensorId["maxLength"]);
        var longest = string.Join('.', Enumerable.Repeat(new string('a', MaxRepeat(slugPattern)), 3));

        Assert.Equal($"^{part}\\.{part}\\.{part}$", sensorId["pattern"]!.GetValue<string>());
        Assert.Equal(longest.Length, maxLength);
        Assert.True(SensorId.TryParse(longest, out _));
        Assert.False(SensorId.TryParse(longest + "a", out _));
    }

    [Fact]
    public void ReadingId_Document_IsTheCodesPatternAndLength()
    {
        var readingId = Schema("ReadingId");
        var maxLength = (int)Number(readingId["maxLength"]);

        Assert.Equal(CodePattern(typeof(ReadingId), "Pattern"), readingId["pattern"]!.GetValue<string>());
        Assert.True(ReadingId.IsValid(new string('r', maxLength)));
        Assert.False(ReadingId.IsValid(new string('r', maxLength + 1)));
    }

    [Fact]
    public void Timestamps_Document_IsTheCodesPatternAndLongestValue()
    {
        var parameter = Schema("TimestampParameter");
        var maxLength = (int)Number(parameter["maxLength"]);
        var longest = "2026-01-31T12:00:00.1234567+05:30";

        Assert.Equal(CodePattern(typeof(Timestamps), "Rfc3339"), parameter["pattern"]!.GetValue<string>());
        Assert.Equal(longest.Length, maxLength);
        Assert.True(Timestamps.TryParse(longest, out _));
        Assert.False(Timestamps.TryParse("2026-01-31T12:00:00.12345678+05:30", out _));
        Assert.False(Timestamps.TryParse("2026-01-31T12:00:00", out _));
        Assert.All(new[] { "IngestReadingRequest", "BatchReading" }, schema =>
            Assert.Equal(maxLength, Number(Schema(schema)["properties"]!["timestamp"]!["maxLength"])));
        Assert.Equal("#/components/schemas/TimestampParameter", Parameter("From")["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/TimestampParameter", Parameter("To")["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void FutureTimestamps_Document_NamesTheCodesSkew()
    {
        var minutes = ApiLimits.MaxFutureSkew.TotalMinutes.ToString(CultureInfo.InvariantCulture);

        Assert.All(new[] { "IngestReadingRequest", "BatchReading" }, schema =>
            Assert.Contains($"at most {minutes} minutes in the future", Schema(schema)["properties"]!["timestamp"]!["description"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void Coordinates_Document_AreTheBoundsTheCodeAccepts()
    {
        var properties = Schema("Coordinates")["properties"]!;
        var (minLat, maxLat) = (Number(properties["lat"]!["minimum"]), Number(properties["lat"]!["maximum"]));
        var (minLon, maxLon) = (Number(properties["lon"]!["minimum"]), Number(properties["lon"]!["maximum"]));

        Assert.True(CoordinatesAccepted(minLat, minLon) && CoordinatesAccepted(maxLat, maxLon));
        Assert.False(CoordinatesAccepted(Math.BitDecrement(minLat), 0));
        Assert.False(CoordinatesAccepted(Math.BitIncrement(maxLat), 0));
        Assert.False(CoordinatesAccepted(0, Math.BitDecrement(minLon)));
        Assert.False(CoordinatesAccepted(0, Math.BitIncrement(maxLon)));
    }

    [Fact]
    public void Radius_Document_IsTheCodesRange()
    {
        var radius = Parameter("Radius");
        var schema = radius["schema"]!;

        Assert.Equal(0d, Number(schema["minimum"]));
        Assert.True(schema["exclusiveMinimum"]!.GetValue<bool>());
        Assert.Equal(GeoRules.MaxRadiusMeters, Number(schema["maximum"]));
        Assert.Contains($"Left out, {GeoRules.DefaultRadiusMeters.ToString(CultureInfo.InvariantCulture)}.", radius["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(RadiusAccepted(double.Epsilon) && RadiusAccepted(GeoRules.MaxRadiusMeters));
        Assert.False(RadiusAccepted(0));
        Assert.False(RadiusAccepted(Math.BitIncrement(GeoRules.MaxRadiusMeters)));
        Assert.All(new[] { "Sensor", "LatestNearItem" }, item =>
            Assert.Equal(GeoRules.MaxRadiusMeters, Number(Schema(item)["properties"]!["distanceMeters"]!["maximum"])));
    }

    [Fact]
    public void GeoText_Document_IsTheLengthTheCodeReads()
    {
        var nearLength = (int)Number(Schema("GeoPoint")["maxLength"]);
        var bboxLength = (int)Number(Parameter("Bbox")["schema"]!["maxLength"]);

        Assert.True(NearAccepted(PaddedNumberList(nearLength, 2)));
        Assert.False(NearAccepted(PaddedNumberList(nearLength + 1, 2)));
        Assert.True(BoxAccepted(PaddedNumberList(bboxLength, 4)));
        Assert.False(BoxAccepted(PaddedNumberList(bboxLength + 1, 4)));
        Assert.Equal(GeoRules.MaxBoxSideDegrees, Number(Parameter("Bbox")["schema"]!["x-limits"]!["maxSideDegrees"]));
    }

    [Fact]
    public void Export_Document_DeclaresTheConfiguredRowLimit()
    {
        var export = Operations().Single(operation => operation.Id == "ExportReadings").Operation;
        var schema = export["responses"]!["200"]!["content"]!["text/csv"]!["schema"]!;

        Assert.Equal(new ReadingOptions().MaxExportRows, Number(schema["x-limits"]!["maxRows"]));
        Assert.Contains(new ReadingOptions().MaxExportRows.ToString("N0", CultureInfo.InvariantCulture), export["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonNode Schema(string name) =>
        Document["components"]!["schemas"]![name] ?? throw new InvalidOperationException($"No schema {name} in the document.");

    private static JsonNode Parameter(string name) =>
        Document["components"]!["parameters"]![name] ?? throw new InvalidOperationException($"No parameter {name} in the document.");

    private static IEnumerable<(string Id, JsonObject Operation)> Operations() =>
        Document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Where(pair => pair.Value is JsonObject operation && operation.ContainsKey("operationId"))
            .Select(pair => (pair.Value!["operationId"]!.GetValue<string>(), pair.Value!.AsObject()));

    private static double Number(JsonNode? node) => node?.GetValue<double>() ?? throw new InvalidOperationException("A limit is missing from the document.");

    /// <summary>The pattern of a [GeneratedRegex] method, written as the document writes it (end anchor <c>$</c>).</summary>
    private static string CodePattern(Type type, string method)
    {
        var regex = (Regex)type.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;
        var pattern = regex.ToString();
        Assert.EndsWith("\\z", pattern, StringComparison.Ordinal);
        return pattern[..^2] + "$";
    }

    /// <summary>The upper bound of the last {m,n} quantifier in a pattern.</summary>
    private static int MaxRepeat(string pattern) =>
        int.Parse(Regex.Matches(pattern, @"\{\d+,(\d+)\}")[^1].Groups[1].Value, CultureInfo.InvariantCulture);

    private static bool FreeFormObjectAccepted(string json)
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        JsonValueRules.CheckObject(document.RootElement, "payload", ApiLimits.MaxPayloadBytes, ApiLimits.MaxPayloadProperties, ApiLimits.MaxPayloadDepth, requireProperties: true, errors);
        return !errors.Any;
    }

    private static bool CoordinatesAccepted(double lat, double lon)
    {
        var errors = new ValidationErrors();
        CoordinateRules.Check(new CoordinatesInput { Lat = lat, Lon = lon }, "coordinates", errors);
        return !errors.Any;
    }

    private static bool RadiusAccepted(double radius)
    {
        var errors = new ValidationErrors();
        GeoRules.CheckRadius(radius, "radius", errors);
        return !errors.Any;
    }

    private static bool NearAccepted(string text)
    {
        var errors = new ValidationErrors();
        return QueryValues.Near(text, errors) is not null && !errors.Any;
    }

    private static bool BoxAccepted(string text)
    {
        var errors = new ValidationErrors();
        return QueryValues.Box(text, errors) is not null && !errors.Any;
    }

    /// <summary>A valid list of small numbers (e.g. "1.000…,2,3,4"), exactly <paramref name="length"/> characters long.</summary>
    private static string PaddedNumberList(int length, int count)
    {
        var tail = string.Concat(Enumerable.Range(2, count - 1).Select(n => "," + n.ToString(CultureInfo.InvariantCulture)));
        var head = "1." + new string('0', length - tail.Length - 2);
        return head + tail;
    }
}
