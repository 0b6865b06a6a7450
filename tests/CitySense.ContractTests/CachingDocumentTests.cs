using System.Text.Json.Nodes;
using CitySense.ContractTests.Support;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CitySense.ContractTests;

/// <summary>
/// What openapi/openapi.yaml says about caching is what the code sends: every Cache-Control value a read declares is
/// one <see cref="CachePolicy"/> writes for that read's <see cref="Freshness"/> (for public and other callers), and a
/// read that declares a tag of its body also takes If-None-Match and documents 304. (That writes, health and problems
/// are no-store is said once, in the document's Caching section, and asserted end to end.)
/// </summary>
public sealed class CachingDocumentTests
{
    private static readonly JsonObject Document = JsonNode.Parse(Repository.OpenApiJson)!.AsObject();

    /// <summary>The reads that answer 304 for a current If-None-Match (the tag of their JSON body).</summary>
    private static readonly string[] RevalidatedReads = ["ListSensors", "ListReadings", "GetLatestReading", "ListLatestNear", "LegacyGetLatestReading", "GetReadingAggregates", "GetLatestSummary"];

    [Theory]
    [InlineData("LatestCacheControl", new[] { nameof(Freshness.Latest) })]
    [InlineData("HistoryCacheControl", new[] { nameof(Freshness.RecentHistory), nameof(Freshness.PastHistory) })]
    [InlineData("AggregateCacheControl", new[] { nameof(Freshness.RecentHistory), nameof(Freshness.ClosedAggregates) })]
    [InlineData("ListingCacheControl", new[] { nameof(Freshness.Listing) })]
    [InlineData("SensorCacheControl", new[] { nameof(Freshness.Revalidate) })]
    [InlineData("DocumentCacheControl", new[] { nameof(Freshness.Revalidate) })]
    [InlineData("YamlCacheControl", new[] { nameof(Freshness.Revalidate) })]
    [InlineData("NoStoreCacheControl", new[] { nameof(Freshness.None) })]
    public void CacheControl_Header_DeclaresExactlyWhatTheCodeWrites(string header, string[] freshness)
    {
        var written = freshness
            .Select(name => (Freshness)typeof(Freshness).GetProperty(name)!.GetValue(null)!)
            .SelectMany(value => new[] { CachePolicy.CacheControl(Request(null), value), CachePolicy.CacheControl(Request("operator"), value) })
            .Distinct()
            .Order(StringComparer.Ordinal);

        var declared = Header(header)["schema"]!["enum"]!.AsArray().Select(value => value!.GetValue<string>()).Order(StringComparer.Ordinal);

        Assert.Equal(written, declared);
    }

    [Fact]
    public void RevalidatedReads_DeclareTheirTagIfNoneMatchAnd304_AndNoOtherOperationDoes()
    {
        var withTag = Operations().Where(operation => Refs(Response(operation.Operation, "200")?["headers"]?["ETag"]).Contains("#/components/headers/ContentETag")).Select(operation => operation.Id);
        var withCondition = Operations().Where(operation => Refs(operation.Operation["parameters"]).Contains("#/components/parameters/IfNoneMatch")).Select(operation => operation.Id);
        var with304 = Operations().Where(operation => operation.Operation["responses"]!["304"] is not null).Select(operation => operation.Id);

        // GET /openapi.json revalidates too: its tag is the document's (DocumentETag), and no database is involved.
        var expected = RevalidatedReads.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, withTag.Order(StringComparer.Ordinal));
        Assert.Equal([.. expected.Append("GetOpenApiJson").Order(StringComparer.Ordinal)], withCondition.Order(StringComparer.Ordinal));
        Assert.Equal([.. expected.Append("GetOpenApiJson").Order(StringComparer.Ordinal)], with304.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NotModified_EveryRead_SameValidatorCacheControlAndVaryAsIts200()
    {
        foreach (var (id, _, operation) in Operations().Where(operation => RevalidatedReads.Contains(operation.Id)))
        {
            var ok = Response(operation, "200")!["headers"]!;
            var notModified = Response(operation, "304")!;

            Assert.True(notModified["content"] is null, $"{id}: a 304 has no body");
            foreach (var name in new[] { "ETag", "Cache-Control", "Vary" })
            {
                Assert.True(
                    Refs(ok[name]).SequenceEqual(Refs(notModified["headers"]![name])),
                    $"{id}: the 304 must declare the {name} of the 200 (RFC 9110 15.4.5)");
            }
        }
    }

    /// <summary>Health is no-store like every write and problem; the document's Caching section says so once for all.</summary>
    [Fact]
    public void Reads_EverySuccessButHealth_DeclaresCacheControl()
    {
        var reads = Operations().Where(operation => operation.Method == "get" && operation.Id != "GetHealth");

        Assert.All(reads, read => Assert.True(
            Response(read.Operation, "200")?["headers"]?["Cache-Control"] is not null,
            $"{read.Id} 200 declares no Cache-Control"));
    }

    private static HttpRequest Request(string? product)
    {
        var request = new DefaultHttpContext().Request;
        if (product is not null)
        {
            request.Headers[CachePolicy.ProductHeader] = product;
        }

        return request;
    }

    private static JsonNode Header(string name) =>
        Document["components"]!["headers"]![name] ?? throw new InvalidOperationException($"No header {name} in the document.");

    private static JsonNode? Response(JsonObject operation, string status) =>
        operation["responses"]![status] is { } response ? Resolve(response) : null;

    private static JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"] is JsonValue reference)
        {
            var target = (JsonNode?)Document;
            foreach (var segment in reference.GetValue<string>()[2..].Split('/'))
            {
                target = target?[segment];
            }

            node = target ?? throw new InvalidOperationException($"Reference {reference} points nowhere.");
        }

        return node;
    }

    /// <summary>The $ref values in a node (a header, a parameter list), or none.</summary>
    private static List<string> Refs(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.SelectMany(Refs)],
        JsonObject value when value["$ref"] is JsonValue reference => [reference.GetValue<string>()],
        _ => [],
    };

    private static IEnumerable<(string Id, string Method, JsonObject Operation)> Operations() =>
        Document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Where(pair => pair.Value is JsonObject operation && operation.ContainsKey("operationId"))
            .Select(pair => (pair.Value!["operationId"]!.GetValue<string>(), pair.Key, pair.Value!.AsObject()));
}
