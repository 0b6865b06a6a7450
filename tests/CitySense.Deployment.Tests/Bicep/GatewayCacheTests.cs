using System.Text.RegularExpressions;
using System.Xml.Linq;
using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// API Management's response cache as each stage deploys it: only keys of the public product look up and store
/// (answers to other products may carry fields only their caller may see), the lookup comes after every refusal and
/// the product's limits, the key holds every query parameter and request header that changes an answer, and only what
/// the app marks "public, max-age=N" is stored, for N seconds. Policy expressions cannot run here: the store's
/// condition is checked by running its regular expression on every Cache-Control value the OpenAPI document declares.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed partial class GatewayCacheTests(BicepDeployment bicep)
{
    private const string PublicProduct = "@(context.Product != null && context.Product.Id == \"public\")";

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CacheLookup_OnlyForThePublicProduct_AfterEveryRefusalAndTheProductsLimits(string stage)
    {
        var inbound = ApiPolicy(stage).Element("inbound")!;
        var lookup = Assert.Single(inbound.Descendants("cache-lookup"));
        var branch = lookup.Parent!;
        var choose = branch.Parent!;

        Assert.Equal("when", branch.Name.LocalName);
        Assert.Equal(PublicProduct, branch.Value("condition"));
        Assert.Equal([branch], choose.Elements());
        Assert.Equal(inbound, choose.Parent);
        Assert.Equal("base", inbound.Elements().First().Name.LocalName);
        Assert.All(inbound.Elements("choose").Where(other => other != choose), refusal => Assert.True(refusal.IsBefore(choose)));
        Assert.All(inbound.Elements().Where(element => element.Name.LocalName is "cors" or "set-query-parameter" or "set-header"), element => Assert.True(element.IsBefore(choose)));
        Assert.True(choose.IsBefore(Assert.Single(inbound.Elements("set-backend-service"))));
        Assert.Equal("false", lookup.Value("vary-by-developer"));
        Assert.Equal("false", lookup.Value("vary-by-developer-groups"));
        Assert.Equal("internal", lookup.Value("caching-type"));
        Assert.Equal("false", lookup.Value("allow-private-response-caching"));
    }

    /// <summary>No other policy caches: a product policy or the service policy would apply to every product's keys.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Caching_NowhereButTheApiPolicy(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var others = new[] { "Microsoft.ApiManagement/service/policies", "Microsoft.ApiManagement/service/products/policies" }
            .SelectMany(snapshot.OfType)
            .Select(policy => PolicyDocument.Load(policy.Text("properties.value")))
            .ToList();

        Assert.NotEmpty(others);
        Assert.All(others, policy => Assert.DoesNotContain(policy.Descendants(), element => element.Name.LocalName.StartsWith("cache-", StringComparison.Ordinal)));
        Assert.Single(ApiPolicy(stage).Descendants("cache-store"));
    }

    /// <summary>
    /// API Management keys an entry by operation and path, and by nothing else it is not told: a query parameter
    /// left out would serve one page, filter or range for another. Besides the documented parameters, the list
    /// route's description keeps <c>format</c> (csv or json) as an alias, which the app still reads.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CacheKey_EveryQueryParameterOfEveryKeyedRead(string stage)
    {
        var lookup = Assert.Single(ApiPolicy(stage).Descendants("cache-lookup"));
        var varied = lookup.Elements("vary-by-query-parameter").Select(parameter => parameter.Value.Trim()).Order(StringComparer.Ordinal);

        Assert.Contains("`format=csv`", ListReadingsDescription(), StringComparison.Ordinal);
        Assert.Equal(KeyedReadQueryParameters().Append("format").Order(StringComparer.Ordinal), varied);
    }

    /// <summary>
    /// The request headers that change an answer: every header a documented Vary names (Accept picks JSON or CSV on
    /// the list route), Accept-Encoding, and Origin, which selects the CORS headers of the answer.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CacheKey_EveryRequestHeaderThatChangesAnAnswer(string stage)
    {
        var lookup = Assert.Single(ApiPolicy(stage).Descendants("cache-lookup"));
        var varied = lookup.Elements("vary-by-header").Select(header => header.Value.Trim()).ToList();

        Assert.Equal(["Accept", "Accept-Encoding", "Origin"], varied.Order(StringComparer.Ordinal));
        Assert.All(DocumentedVaryValues(), header => Assert.Contains(header, varied));
        Assert.NotEmpty(DocumentedVaryValues());
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CacheStore_FirstOnTheWayOut_OnlyPublicJson200s(string stage)
    {
        var outbound = ApiPolicy(stage).Element("outbound")!;
        var store = Assert.Single(outbound.Descendants("cache-store"));
        var branch = store.Parent!;
        var condition = branch.Value("condition");

        Assert.Equal("when", branch.Name.LocalName);
        Assert.Equal(outbound.Elements().First(), branch.Parent);
        Assert.Equal([branch], branch.Parent!.Elements());
        Assert.StartsWith(PublicProduct[..^1] + " && ", condition, StringComparison.Ordinal);
        Assert.Contains("context.Response.StatusCode == 200", condition, StringComparison.Ordinal);
        Assert.Contains("context.Response.Headers.GetValueOrDefault(\"Content-Type\", \"\").StartsWith(\"application/json\")", condition, StringComparison.Ordinal);
        Assert.Null(store.Attribute("cache-response"));
    }

    /// <summary>
    /// Stored: exactly the answers the document marks "public, max-age=N" with N above 0, for N seconds. Never one
    /// marked private (a caller of another product), no-cache (one sensor, the API description) or no-store.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CacheStore_DocumentedCacheControl_StoredExactlyWhenPublicWithAMaxAge(string stage)
    {
        var store = Assert.Single(ApiPolicy(stage).Descendants("cache-store"));
        var condition = store.Parent!.Value("condition");
        var storable = new Regex(StoreCondition().Match(condition).Groups["pattern"].Value, RegexOptions.None, TimeSpan.FromSeconds(1));
        var declared = DocumentedCacheControlValues();

        Assert.Contains("public, max-age=5", declared);
        Assert.Contains("private, max-age=5", declared);
        Assert.All(declared, value => Assert.Equal(
            value.StartsWith("public, max-age=", StringComparison.Ordinal),
            storable.IsMatch(value)));
        Assert.All(["public, max-age=0", "public, max-age=5, private", "private, public, max-age=5", " public, max-age=5"], value => Assert.False(storable.IsMatch(value), value));
        Assert.Equal(
            "@(int.Parse(context.Response.Headers.GetValueOrDefault(\"Cache-Control\", \"\").Substring(\"public, max-age=\".Length)))",
            store.Value("duration"));
    }

    /// <summary>The hit ratio is read from the Cache column of the gateway logs, which every stage sends to Log Analytics.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void HitRatio_GatewayLogsGoToLogAnalytics(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var settings = Assert.Single(
            snapshot.OfType("Microsoft.Insights/diagnosticSettings"),
            setting => setting.Text("name").EndsWith("to-log-analytics", StringComparison.Ordinal) && setting.Text("id").Contains("Microsoft.ApiManagement/service/", StringComparison.Ordinal));
        var logs = settings.At("properties.logs").EnumerateArray();

        Assert.Contains(logs, log => log.Text("category") == "GatewayLogs" && log.Flag("enabled"));
        Assert.Equal("Dedicated", settings.Text("properties.logAnalyticsDestinationType"));
    }

    private XElement ApiPolicy(string stage)
    {
        var policy = bicep.Snapshot(stage).Resource("Microsoft.ApiManagement/service/apis/policies");
        return PolicyDocument.Load(policy.Text("properties.value"));
    }

    private static YamlMappingNode OpenApiDocument()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Combine("openapi", "openapi.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Query parameters of every GET that needs a key (the anonymous ones have no product, so no cache).</summary>
    private static IEnumerable<string> KeyedReadQueryParameters()
    {
        var root = OpenApiDocument();
        var components = (YamlMappingNode)((YamlMappingNode)root["components"])["parameters"];
        return ((YamlMappingNode)root["paths"]).Children.Values.Cast<YamlMappingNode>()
            .SelectMany(path => path.Children.Where(operation => ((YamlScalarNode)operation.Key).Value == "get").Select(operation => (YamlMappingNode)operation.Value))
            .Where(operation => !(operation.Children.TryGetValue(new YamlScalarNode("security"), out var security) && security is YamlSequenceNode { Children.Count: 0 }))
            .Where(operation => operation.Children.ContainsKey(new YamlScalarNode("parameters")))
            .SelectMany(operation => ((YamlSequenceNode)operation["parameters"]).Children.Cast<YamlMappingNode>())
            .Select(parameter => parameter.Children.TryGetValue(new YamlScalarNode("$ref"), out var reference)
                ? (YamlMappingNode)components[((YamlScalarNode)reference).Value!.Split('/')[^1]]
                : parameter)
            .Where(parameter => ((YamlScalarNode)parameter["in"]).Value == "query")
            .Select(parameter => ((YamlScalarNode)parameter["name"]).Value!)
            .Distinct(StringComparer.Ordinal);
    }

    private static string ListReadingsDescription() =>
        ((YamlMappingNode)OpenApiDocument()["paths"]).Children.Values.Cast<YamlMappingNode>()
            .SelectMany(path => path.Children.Values.OfType<YamlMappingNode>())
            .Where(operation => operation.Children.TryGetValue(new YamlScalarNode("operationId"), out var id) && ((YamlScalarNode)id).Value == "ListReadings")
            .Select(operation => ((YamlScalarNode)operation["description"]).Value!)
            .Single();

    /// <summary>Every enum value of the document's Cache-Control headers.</summary>
    private static List<string> DocumentedCacheControlValues() => ComponentHeaderEnums(name => name.EndsWith("CacheControl", StringComparison.Ordinal) || name == "NoStore");

    private static List<string> DocumentedVaryValues() => ComponentHeaderEnums(name => name.StartsWith("Vary", StringComparison.Ordinal));

    private static List<string> ComponentHeaderEnums(Func<string, bool> named)
    {
        var headers = (YamlMappingNode)((YamlMappingNode)OpenApiDocument()["components"])["headers"];
        return [.. headers.Children
            .Where(header => named(((YamlScalarNode)header.Key).Value!))
            .SelectMany(header => ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)header.Value)["schema"])["enum"]).Children)
            .Select(value => ((YamlScalarNode)value).Value!)
            .Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"Regex\.IsMatch\(context\.Response\.Headers\.GetValueOrDefault\(""Cache-Control"", """"\), @""(?<pattern>[^""]+)""\)")]
    private static partial Regex StoreCondition();
}
