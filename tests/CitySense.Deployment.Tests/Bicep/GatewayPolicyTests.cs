using System.Text.RegularExpressions;
using System.Xml.Linq;
using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// The API Management policies each stage deploys, loaded as XML: who may call what, the limits, the host key
/// on every backend call, and that every refusal of the gateway is a problem document of a documented type.
/// Policy expressions cannot run here: these tests prove which branch handles which error and what each branch
/// writes, not that API Management raises the reasons it documents (see docs/azure.md).
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed partial class GatewayPolicyTests(BicepDeployment bicep)
{
    private const string ServicePolicy = "Microsoft.ApiManagement/service/policies";
    private const string ApiPolicy = "Microsoft.ApiManagement/service/apis/policies";

    /// <summary>The members every CitySense problem document carries (the app's ProblemResults writes the same).</summary>
    private static readonly string[] ProblemMembers = ["type", "title", "status", "detail", "instance", "traceId"];

    public static TheoryData<string, string[], int, string, bool> GatewayErrors => new()
    {
        { "dev", ["SubscriptionKeyNotFound", "SubscriptionKeyInvalid"], 401, "unauthorized", false },
        { "dev", ["RateLimitExceeded", "QuotaExceeded"], 429, "rate-limited", true },
        { "dev", ["OperationNotFound"], 404, "not-found", false },
        { "prod", ["SubscriptionKeyNotFound", "SubscriptionKeyInvalid"], 401, "unauthorized", false },
        { "prod", ["RateLimitExceeded", "QuotaExceeded"], 429, "rate-limited", true },
        { "prod", ["OperationNotFound"], 404, "not-found", false },
    };

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_KeylessCall_IsLimitedToTheAnonymousOperationsOfTheDocument(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var keyless = Policy(snapshot, ApiPolicy).Element("inbound")!.Elements("choose").SelectMany(choose => choose.Elements("when"))
            .Single(when => when.Value("condition") == "@(context.Subscription == null)");
        var refusal = keyless.Element("choose")!.Element("when")!;
        var listed = AnonymousList().Match(refusal.Value("condition"));
        var anonymous = AnonymousOperations();

        // Products require a key; the API must not, or the anonymous operations would need one too.
        Assert.False(snapshot.Resource("Microsoft.ApiManagement/service/apis").Flag("properties.subscriptionRequired"));
        Assert.All(anonymous, operation => Assert.Equal("get", operation.Method));
        Assert.True(listed.Success, "The API policy no longer lists the anonymous operations.");
        Assert.Equal(
            anonymous.Select(operation => operation.Path).Order(StringComparer.Ordinal),
            listed.Groups["paths"].Value.Split(',', StringSplitOptions.TrimEntries).Select(path => path.Trim('"')).Order(StringComparer.Ordinal));
        AssertProblem(Assert.Single(refusal.Elements("return-response")), 401, "unauthorized");
        var limit = Assert.Single(keyless.Elements("rate-limit-by-key"));
        Assert.Equal(StageExpectation.Settings(stage).Number("anonymousCallsPerMinute").ToString(System.Globalization.CultureInfo.InvariantCulture), limit.Value("calls"));
        Assert.Equal("@(\"anonymous:\" + context.Request.IpAddress)", limit.Value("counter-key"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_WriteWithPublicKey_IsRefusedWith403Problem(string stage)
    {
        var write = Policy(bicep.Snapshot(stage), ApiPolicy).Element("inbound")!.Elements("choose").SelectMany(choose => choose.Elements("when"))
            .Single(when => when.Value("condition") == "@(context.Product != null && context.Product.Id == \"public\" && context.Request.Method != \"GET\" && context.Operation.UrlTemplate != \"/subscriptions\" && !context.Operation.UrlTemplate.StartsWith(\"/subscriptions/\"))");

        AssertProblem(Assert.Single(write.Elements("return-response")), 403, "forbidden");
    }

    /// <summary>
    /// Every function requires the host key, the anonymous ones included: the backend that adds it is set for
    /// every request the API lets through, outside any branch, and API errors go to the service policy.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_EveryForwardedCall_GoesToTheBackendThatAddsTheHostKey(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var policy = Policy(snapshot, ApiPolicy);
        var backend = snapshot.Resource("Microsoft.ApiManagement/service/backends");

        var setBackend = Assert.Single(policy.Descendants("set-backend-service"));
        Assert.Equal(policy.Element("inbound"), setBackend.Parent);
        Assert.Equal(backend.Text("name").Split('/')[^1], setBackend.Value("backend-id"));
        Assert.True(backend.Has("properties.credentials.header.x-functions-key"));
        Assert.Equal(["base"], policy.Element("on-error")!.Elements().Select(element => element.Name.LocalName));
        Assert.Equal(["choose", "base", "choose"], policy.Element("outbound")!.Elements().Select(element => element.Name.LocalName));
        Assert.DoesNotContain(policy.Element("outbound")!.Descendants(), element => element.Name.LocalName is "return-response" or "set-body" or "set-status");
    }

    /// <summary>
    /// Keys a client sent never reach the app: a function key in the query or header is removed in the inbound
    /// section, before the backend adds its own host key, so neither the app's logs nor its paging links can echo it.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_ClientCredentials_RemovedBeforeTheBackendCall(string stage)
    {
        var inbound = Policy(bicep.Snapshot(stage), ApiPolicy).Element("inbound")!;
        var setBackend = Assert.Single(inbound.Elements("set-backend-service"));

        var removal = Assert.Single(inbound.Elements("set-query-parameter"));
        Assert.Equal("code", removal.Value("name"));
        Assert.Equal("delete", removal.Value("exists-action"));
        Assert.True(removal.IsBefore(setBackend));

        var header = Assert.Single(inbound.Elements("set-header"), element => element.Value("name") == "x-functions-key");
        Assert.Equal("delete", header.Value("exists-action"));
        Assert.True(header.IsBefore(setBackend));
    }

    /// <summary>
    /// The document offers the key in the Ocp-Apim-Subscription-Key header only; API Management would also read the
    /// subscription-key query parameter, so the API policy refuses such a call first (before the anonymous branch and
    /// the backend), with a 401 problem that says to use the header, on every operation.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_KeyInTheQuery_RefusedFirstWith401ProblemNamingTheHeader(string stage)
    {
        var inbound = Policy(bicep.Snapshot(stage), ApiPolicy).Element("inbound")!;
        var chooses = inbound.Elements("choose").ToList();
        var refusal = Assert.Single(chooses[0].Elements("when"));
        var response = Assert.Single(refusal.Elements("return-response"));
        var schemes = ((YamlMappingNode)((YamlMappingNode)OpenApiDocument()["components"])["securitySchemes"]).Children.Values.Cast<YamlMappingNode>();

        Assert.Equal(
            "@(context.Request.Url.Query.Keys.Any(name => name.Equals(\"subscription-key\", StringComparison.OrdinalIgnoreCase)))",
            refusal.Value("condition"));
        Assert.Null(chooses[0].Element("otherwise"));
        Assert.True(chooses[0].IsBefore(chooses[1]));
        Assert.True(chooses[0].IsBefore(Assert.Single(inbound.Elements("set-backend-service"))));
        AssertProblem(response, 401, "unauthorized");
        Assert.Contains("Ocp-Apim-Subscription-Key header", BodyMembers(response)["detail"], StringComparison.Ordinal);
        Assert.Equal(["header Ocp-Apim-Subscription-Key"], schemes.Select(scheme => $"{scheme["in"]} {scheme["name"]}"));
    }

    /// <summary>
    /// Each rate limit sends the headers the document declares on its responses: RateLimit-Limit and
    /// RateLimit-Remaining from the limit itself, RateLimit-Reset set to the limit's window on the way out.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void RateLimits_EveryPolicy_SendTheHeadersTheDocumentDeclares(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var settings = StageExpectation.Settings(stage);
        var declared = DocumentComponentHeaders().Where(name => name.StartsWith("RateLimit-", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var api = Policy(snapshot, ApiPolicy);

        Assert.Equal(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"], declared);
        foreach (var product in new[] { "public", "operator", "admin" })
        {
            var policy = PolicyDocument.Load(snapshot.Resource("Microsoft.ApiManagement/service/products/policies", $"{product}/policy").Text("properties.value"));
            var limit = Assert.Single(policy.Descendants("rate-limit-by-key"));
            AssertRateLimitHeaders(limit);
            var reset = Assert.Single(policy.Element("outbound")!.Elements("set-header"));
            Assert.Equal("RateLimit-Reset", reset.Value("name"));
            Assert.Equal(limit.Value("renewal-period"), reset.Element("value")!.Value.Trim());
            Assert.Equal(settings.Number($"{product}Product.renewalPeriodSeconds").ToString(System.Globalization.CultureInfo.InvariantCulture), reset.Element("value")!.Value.Trim());
        }

        var anonymous = Assert.Single(api.Element("inbound")!.Descendants("rate-limit-by-key"));
        AssertRateLimitHeaders(anonymous);
        var anonymousReset = Assert.Single(api.Element("outbound")!.Elements("choose").SelectMany(choose => choose.Elements("when")), when => when.Value("condition") == "@(context.Subscription == null)");
        Assert.Equal("RateLimit-Reset", Assert.Single(anonymousReset.Elements("set-header")).Value("name"));
        Assert.Equal(anonymous.Value("renewal-period"), anonymousReset.Element("set-header")!.Element("value")!.Value.Trim());

        static void AssertRateLimitHeaders(XElement limit)
        {
            Assert.Equal("RateLimit-Limit", limit.Value("total-calls-header-name"));
            Assert.Equal("RateLimit-Remaining", limit.Value("remaining-calls-header-name"));
            Assert.Equal("Retry-After", limit.Value("retry-after-header-name"));
        }
    }

    /// <summary>Browser scripts can read every response header the document declares (CORS exposes them).</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_Cors_ExposesEveryResponseHeaderTheDocumentDeclares(string stage)
    {
        var cors = Assert.Single(Policy(bicep.Snapshot(stage), ApiPolicy).Descendants("cors"));
        var exposed = cors.Element("expose-headers")!.Elements("header").Select(header => header.Value.Trim()).Order(StringComparer.Ordinal);

        // Content-Type and Cache-Control are CORS-safelisted response headers; the CORS headers are CORS's own.
        var expected = DocumentResponseHeaderNames()
            .Where(name => name is not ("Content-Type" or "Cache-Control") && !name.StartsWith("Access-Control-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, exposed);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_Stage_AllowsTheCorsOriginsOfItsStage(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var cors = Assert.Single(Policy(snapshot, ApiPolicy).Descendants("cors"));
        var configured = StageExpectation.Settings(stage).Strings("corsAllowedOrigins");
        var origins = cors.Descendants("origin").Select(origin => origin.Value.Trim()).Order(StringComparer.Ordinal).ToList();
        var portal = $"https://{snapshot.Resource("Microsoft.ApiManagement/service").Text("name")}.developer.azure-api.net";

        Assert.Equal("false", cors.Value("allow-credentials"));
        Assert.Equal(configured.Contains("*") ? ["*"] : configured.Append(portal).Order(StringComparer.Ordinal), origins);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ProductPolicies_Stage_RateLimitAndQuotaEachSubscription(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var settings = StageExpectation.Settings(stage);

        foreach (var (product, settingName) in new[] { ("public", "publicProduct"), ("operator", "operatorProduct"), ("admin", "adminProduct") })
        {
            var limits = settings.At(settingName);
            var inbound = PolicyDocument.Load(snapshot.Resource("Microsoft.ApiManagement/service/products/policies", $"{product}/policy").Text("properties.value")).Element("inbound")!;
            var rateLimit = Assert.Single(inbound.Elements("rate-limit-by-key"));
            var quota = Assert.Single(inbound.Elements("quota"));

            Assert.Equal(limits.Number("callsPerPeriod").ToString(System.Globalization.CultureInfo.InvariantCulture), rateLimit.Value("calls"));
            Assert.Equal(limits.Number("renewalPeriodSeconds").ToString(System.Globalization.CultureInfo.InvariantCulture), rateLimit.Value("renewal-period"));
            Assert.Equal("@(context.Subscription.Id)", rateLimit.Value("counter-key"));
            Assert.Equal(limits.Number("callsPerDay").ToString(System.Globalization.CultureInfo.InvariantCulture), quota.Value("calls"));
            Assert.Equal("86400", quota.Value("renewal-period"));
        }

        Assert.True(settings.Number("publicProduct.callsPerPeriod") < settings.Number("operatorProduct.callsPerPeriod"));
        Assert.True(settings.Number("publicProduct.callsPerDay") < settings.Number("operatorProduct.callsPerDay"));
    }

    /// <summary>The 429 branch reads the wait from the variable every rate limit (product and anonymous) writes it to.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void RateLimits_EveryPolicy_StoreTheirWaitWhereTheErrorHandlerReadsIt(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var limits = AllPolicies(snapshot).SelectMany(policy => policy.Descendants("rate-limit-by-key")).ToList();
        var handler = Branch(Policy(snapshot, ServicePolicy), "RateLimitExceeded");

        // One per product (public, operator, admin) and the anonymous one.
        Assert.Equal(4, limits.Count);
        Assert.All(limits, limit =>
        {
            Assert.Equal("retryAfterSeconds", limit.Value("retry-after-variable-name"));
            Assert.Equal("Retry-After", limit.Value("retry-after-header-name"));
        });
        Assert.Contains("context.Variables.GetValueOrDefault<int>(\"retryAfterSeconds\")", SetVariable(handler, "problemRetryAfter"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GatewayErrors))]
    public void ServicePolicy_GatewayError_IsAnsweredWithTheProblemOfItsCause(string stage, string[] reasons, int status, string slug, bool retryAfter)
    {
        var onError = Policy(bicep.Snapshot(stage), ServicePolicy).Element("on-error")!;
        var branch = Branch(onError.Parent!, reasons[0]);

        Assert.Equal($"@({status})", SetVariable(branch, "problemStatus"));
        Assert.Equal(slug, SetVariable(branch, "problemSlug"));
        Assert.False(string.IsNullOrWhiteSpace(SetVariable(branch, "problemTitle")));
        Assert.False(string.IsNullOrWhiteSpace(SetVariable(branch, "problemDetail")));
        Assert.Equal(retryAfter, branch.Elements("set-variable").Any(variable => variable.Value("name") == "problemRetryAfter"));
        Assert.All(reasons, reason => Assert.Contains($"context.LastError.Reason == \"{reason}\"", branch.Value("condition"), StringComparison.Ordinal));
        Assert.Equal("on-error", onError.Name.LocalName);
    }

    /// <summary>Whatever the branch, the error handler ends in a problem response, with Retry-After exactly when a branch set a wait.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ServicePolicy_AnyGatewayError_EndsInOneProblemShape(string stage)
    {
        var onError = Policy(bicep.Snapshot(stage), ServicePolicy).Element("on-error")!;
        var chooses = onError.Elements("choose").ToList();
        var causes = chooses[0];
        var responses = chooses[1];

        Assert.Equal(2, chooses.Count);
        Assert.NotNull(causes.Element("otherwise"));
        Assert.All(causes.Elements().SelectMany(branch => branch.Elements("set-variable")), variable => Assert.StartsWith("problem", variable.Value("name"), StringComparison.Ordinal));
        Assert.All(causes.Elements(), branch =>
            Assert.Equal(["problemDetail", "problemSlug", "problemStatus", "problemTitle"], branch.Elements("set-variable").Select(variable => variable.Value("name")).Where(name => name != "problemRetryAfter").Order(StringComparer.Ordinal)));
        Assert.Equal("@(context.Variables.ContainsKey(\"problemRetryAfter\"))", responses.Element("when")!.Value("condition"));
        var withWait = Assert.Single(responses.Element("when")!.Elements("return-response"));
        var withoutWait = Assert.Single(responses.Element("otherwise")!.Elements("return-response"));
        foreach (var response in new[] { withWait, withoutWait })
        {
            Assert.Equal("@((int)context.Variables[\"problemStatus\"])", response.Element("set-status")!.Value("code"));
            Assert.Equal("application/problem+json", Header(response, "Content-Type"));
            var body = BodyMembers(response);
            Assert.Equal(ProblemMembers, body.Keys);
            Assert.Equal("\"urn:citysense:problem:\" + (string)context.Variables[\"problemSlug\"]", body["type"]);
            Assert.Equal("(int)context.Variables[\"problemStatus\"]", body["status"]);
        }

        Assert.Equal("@((string)context.Variables[\"problemRetryAfter\"])", Header(withWait, "Retry-After"));
        Assert.Null(Header(withoutWait, "Retry-After"));
    }

    /// <summary>
    /// The Functions host answers 401 with an empty body when it refuses API Management's host key (no function
    /// answers 401 itself). The caller gets a 503 problem with Retry-After, not an empty 401 it could not act on.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ServicePolicy_BackendRefusingTheHostKey_Becomes503Problem(string stage)
    {
        var outbound = Policy(bicep.Snapshot(stage), ServicePolicy).Element("outbound")!;
        var when = Assert.Single(outbound.Element("choose")!.Elements("when"));
        var condition = when.Value("condition");

        Assert.Contains("context.Response.StatusCode == 401", condition, StringComparison.Ordinal);
        Assert.Contains("context.Response.StatusCode >= 500", condition, StringComparison.Ordinal);
        Assert.Contains("!context.Response.Headers.GetValueOrDefault(\"Content-Type\", \"\").StartsWith(\"application/problem+json\")", condition, StringComparison.Ordinal);
        var response = Assert.Single(when.Elements("return-response"));
        AssertProblem(response, 503, "service-unavailable");
        Assert.Equal("5", Header(response, "Retry-After"));
    }

    /// <summary>Every response any policy writes is a problem document whose type the OpenAPI document lists.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Policies_EveryProblemType_IsDocumented(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var openApi = File.ReadAllText(RepoPaths.Combine("openapi", "openapi.yaml"));
        var policies = AllPolicies(snapshot).ToList();
        var literalTypes = policies.SelectMany(policy => policy.Descendants("set-body"))
            .SelectMany(body => LiteralProblemType().Matches(body.Value).Select(match => match.Groups["slug"].Value));
        var variableTypes = policies.SelectMany(policy => policy.Descendants("set-variable"))
            .Where(variable => variable.Value("name") == "problemSlug")
            .Select(variable => variable.Value("value"));
        var types = literalTypes.Concat(variableTypes).Distinct().ToList();

        Assert.All(policies.SelectMany(policy => policy.Descendants("return-response")), response =>
        {
            Assert.Equal("application/problem+json", Header(response, "Content-Type"));
            Assert.Equal(ProblemMembers, BodyMembers(response).Keys);
        });
        Assert.Superset(new HashSet<string>(["unauthorized", "forbidden", "rate-limited", "not-found", "service-unavailable", "internal"]), types.ToHashSet());
        Assert.All(types, slug => Assert.Contains($"urn:citysense:problem:{slug}", openApi, StringComparison.Ordinal));
    }

    private static XElement Policy(DeploymentSnapshot snapshot, string type)
    {
        var policy = snapshot.Resource(type);
        Assert.Equal("rawxml", policy.Text("properties.format"));
        var xml = policy.Text("properties.value");
        Assert.DoesNotContain("__", xml, StringComparison.Ordinal);
        return PolicyDocument.Load(xml);
    }

    private static IEnumerable<XElement> AllPolicies(DeploymentSnapshot snapshot) =>
        new[] { ServicePolicy, ApiPolicy, "Microsoft.ApiManagement/service/products/policies" }
            .SelectMany(snapshot.OfType)
            .Select(policy => PolicyDocument.Load(policy.Text("properties.value")));

    /// <summary>The branch of the on-error cause selection whose condition names <paramref name="reason"/>.</summary>
    private static XElement Branch(XElement policy, string reason) =>
        Assert.Single(
            policy.Element("on-error")!.Element("choose")!.Elements("when"),
            when => when.Value("condition").Contains($"\"{reason}\"", StringComparison.Ordinal));

    private static string SetVariable(XElement branch, string name) =>
        Assert.Single(branch.Elements("set-variable"), variable => variable.Value("name") == name).Value("value");

    private static string? Header(XElement response, string name) =>
        response.Elements("set-header").SingleOrDefault(header => header.Value("name") == name)?.Element("value")?.Value.Trim();

    /// <summary>The JProperty members of a return-response body, in order: name → value expression.</summary>
    private static Dictionary<string, string> BodyMembers(XElement response)
    {
        var body = response.Element("set-body")!.Value;
        Assert.StartsWith("@(new JObject(", body, StringComparison.Ordinal);
        return BodyMember().Matches(body).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value.Trim());
    }

    private static void AssertProblem(XElement response, int status, string slug)
    {
        var body = BodyMembers(response);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Element("set-status")!.Value("code"));
        Assert.Equal("application/problem+json", Header(response, "Content-Type"));
        Assert.Equal(ProblemMembers, body.Keys);
        Assert.Equal($"\"urn:citysense:problem:{slug}\"", body["type"]);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), body["status"]);
        Assert.Equal("context.Request.OriginalUrl.Path", body["instance"]);
        Assert.Equal("context.RequestId.ToString(\"N\")", body["traceId"]);
    }

    private static YamlMappingNode OpenApiDocument()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Combine("openapi", "openapi.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The names of the document's reusable response headers (components/headers).</summary>
    private static IEnumerable<string> DocumentComponentHeaders() =>
        ((YamlMappingNode)((YamlMappingNode)OpenApiDocument()["components"])["headers"]).Children.Keys.Select(key => ((YamlScalarNode)key).Value!);

    /// <summary>Every header name any response of the document declares (inline or as a component response).</summary>
    private static IEnumerable<string> DocumentResponseHeaderNames()
    {
        var root = OpenApiDocument();
        var responses = ((YamlMappingNode)root["paths"]).Children.Values.Cast<YamlMappingNode>()
            .SelectMany(path => path.Children.Values.OfType<YamlMappingNode>())
            .Where(operation => operation.Children.ContainsKey(new YamlScalarNode("responses")))
            .SelectMany(operation => ((YamlMappingNode)operation["responses"]).Children.Values.Cast<YamlMappingNode>())
            .Concat(((YamlMappingNode)((YamlMappingNode)root["components"])["responses"]).Children.Values.Cast<YamlMappingNode>());
        return responses
            .Where(response => response.Children.ContainsKey(new YamlScalarNode("headers")))
            .SelectMany(response => ((YamlMappingNode)response["headers"]).Children.Keys.Select(key => ((YamlScalarNode)key).Value!))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>Operations of the OpenAPI document that lift its security requirement with "security: []".</summary>
    private static List<(string Method, string Path)> AnonymousOperations()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepoPaths.Combine("openapi", "openapi.yaml"))));
        var paths = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["paths"];
        return [.. paths.Children.SelectMany(path => ((YamlMappingNode)path.Value).Children
            .Where(operation => operation.Value is YamlMappingNode details
                && details.Children.TryGetValue(new YamlScalarNode("security"), out var security)
                && security is YamlSequenceNode { Children.Count: 0 })
            .Select(operation => (((YamlScalarNode)operation.Key).Value!, ((YamlScalarNode)path.Key).Value!)))];
    }

    [GeneratedRegex(@"new\[\] \{ (?<paths>[^}]*) \}\)\.Contains\(context\.Operation\.UrlTemplate\)")]
    private static partial Regex AnonymousList();

    [GeneratedRegex(@"new JProperty\(""(?<name>[A-Za-z]+)"",\s*(?<value>.*?)\)(?=,\s*new JProperty|\)\.ToString\(\))", RegexOptions.Singleline)]
    private static partial Regex BodyMember();

    [GeneratedRegex(@"""urn:citysense:problem:(?<slug>[a-z-]+)""")]
    private static partial Regex LiteralProblemType();
}
