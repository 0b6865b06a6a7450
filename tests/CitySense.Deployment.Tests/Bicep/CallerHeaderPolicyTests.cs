using System.Text.RegularExpressions;
using System.Xml.Linq;
using CitySense.Deployment.Tests.Gateway;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// Who calls, as the app learns it: API Management removes every client-sent copy of X-CitySense-Caller and
/// X-CitySense-Product and sets them from the subscription it checked and that subscription's product, never from the
/// client. Each stage's deployed policies (service, product, API) are run for one request at a time by
/// <see cref="InboundPipeline"/>, their C# expressions included, and the headers the backend would receive are asserted.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed partial class CallerHeaderPolicyTests(BicepDeployment bicep)
{
    private const string CallerHeader = "X-CitySense-Caller";
    private const string ProductHeader = "X-CitySense-Product";
    private const string ApiPolicy = "Microsoft.ApiManagement/service/apis/policies";
    private const string ProductPolicy = "Microsoft.ApiManagement/service/products/policies";
    private const string ServicePolicy = "Microsoft.ApiManagement/service/policies";

    /// <summary>A subscription id of the kind the developer portal generates (the smoke-test ones are chosen names).</summary>
    private const string PortalSubscriptionId = "6710c2f5a1b34c0012e4d9a7";

    /// <summary>Copies a client sends to pass for someone else: two spellings of one header, and the other in capitals.</summary>
    private static readonly KeyValuePair<string, string>[] ForgedHeaders =
    [
        new(CallerHeader, "citysense-smoke-admin"),
        new("x-citysense-caller", "someone-else"),
        new("X-CITYSENSE-PRODUCT", "admin"),
    ];

    /// <summary>Stage, product, subscription id, and a call the product may make.</summary>
    public static TheoryData<string, string, string, string, string> KeyedCalls
    {
        get
        {
            var calls = new TheoryData<string, string, string, string, string>();
            foreach (var stage in StageExpectation.All.Select(expectation => expectation.Stage))
            {
                calls.Add(stage, "public", PortalSubscriptionId, "GET", "/sensors");

                // A public key's own webhook subscriptions: the one place it may write (the DevHost's GatewayStandIn agrees).
                calls.Add(stage, "public", PortalSubscriptionId, "POST", "/subscriptions");
                calls.Add(stage, "public", PortalSubscriptionId, "PUT", "/subscriptions/{subscriptionId}");
                calls.Add(stage, "public", PortalSubscriptionId, "DELETE", "/subscriptions/{subscriptionId}");
                calls.Add(stage, "public", PortalSubscriptionId, "POST", "/subscriptions/{subscriptionId}/secret");
                calls.Add(stage, "operator", "citysense-smoke-operator", "POST", "/sensors");
                calls.Add(stage, "admin", "citysense-smoke-admin", "PUT", "/operators/{callerId}");
            }

            return calls;
        }
    }

    [Theory]
    [MemberData(nameof(KeyedCalls))]
    public void KeyedCall_ClientSentCallerHeaders_ReachTheAppAsTheSubscriptionAndItsProductOnly(string stage, string product, string subscriptionId, string method, string urlTemplate)
    {
        var outcome = Send(stage, method, urlTemplate, new PolicySubscription(subscriptionId, "A display name, not the id"), product);

        Assert.True(outcome.Forwarded, $"Refused with {outcome.RefusalStatus}.");
        Assert.Equal("citysense-functions", outcome.BackendId);
        Assert.Equal([subscriptionId], outcome.Header(CallerHeader));
        Assert.Equal([product], outcome.Header(ProductHeader));
    }

    /// <summary>Health and the API description stay anonymous: a caller header sent with them is removed, and none is set.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void AnonymousCall_ClientSentCallerHeaders_AreRemovedAndNoneIsSet(string stage)
    {
        foreach (var path in new[] { "/health", "/openapi.yaml", "/openapi.json" })
        {
            var outcome = Send(stage, "GET", path, subscription: null, product: null);

            Assert.True(outcome.Forwarded, $"GET {path} was refused with {outcome.RefusalStatus}.");
            Assert.Empty(outcome.Header(CallerHeader));
            Assert.Empty(outcome.Header(ProductHeader));
        }
    }

    /// <summary>
    /// A key API Management accepts without a product (the built-in all-access subscription, or one scoped to the API):
    /// the call gets no caller headers, so the app refuses it as an unknown caller instead of trusting a client's copy.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void SubscriptionOutsideTheProducts_ClientSentCallerHeaders_AreRemovedAndNoneIsSet(string stage)
    {
        var outcome = Send(stage, "DELETE", "/operators/{callerId}", new PolicySubscription("master", "Built-in all-access subscription"), product: null);

        Assert.True(outcome.Forwarded, $"Refused with {outcome.RefusalStatus}.");
        Assert.Empty(outcome.Header(CallerHeader));
        Assert.Empty(outcome.Header(ProductHeader));
    }

    /// <summary>The refusals stay as they were, and run before anything is sent: the simulation reaches them too.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void RefusedCalls_NeverReachTheBackend(string stage)
    {
        var publicWrite = Send(stage, "POST", "/sensors", new PolicySubscription(PortalSubscriptionId, "Someone's key"), "public");
        var publicGrant = Send(stage, "PUT", "/operators/{callerId}", new PolicySubscription(PortalSubscriptionId, "Someone's key"), "public");
        var keylessRead = Send(stage, "GET", "/sensors", subscription: null, product: null);
        var keyInTheQuery = Send(stage, "GET", "/health", subscription: null, product: null, query: [new("subscription-key", "a-key")]);

        Assert.Equal(403, publicWrite.RefusalStatus);
        Assert.Equal(403, publicGrant.RefusalStatus);
        Assert.Equal(401, keylessRead.RefusalStatus);
        Assert.Equal(401, keyInTheQuery.RefusalStatus);
        Assert.All(new[] { publicWrite, publicGrant, keylessRead, keyInTheQuery }, outcome => Assert.Null(outcome.BackendId));
    }

    /// <summary>
    /// Whatever the branch: the API policy deletes both headers unconditionally before any other statement but CORS, sets
    /// them (override) only after the key checks, from the subscription and product alone, and no other statement of
    /// any policy of the stage names them.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Policies_CallerHeaders_AreDeletedFirstAndSetOnlyFromTheSubscriptionAfterTheKeyChecks(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var api = Load(snapshot.Resource(ApiPolicy));
        var inbound = api.Element("inbound")!;
        var statements = inbound.Elements().ToList();
        var others = new[] { ServicePolicy, ProductPolicy }.SelectMany(snapshot.OfType).Select(Load);
        var named = others.Prepend(api).SelectMany(policy => policy.Descendants())
            .Where(element => element.Attribute("name")?.Value is { } name && IsCallerHeader(name))
            .ToList();
        var deletions = named.Where(element => element.Parent == inbound).ToList();
        var settings = named.Except(deletions).ToList();
        var keyChecks = inbound.Elements("choose").Where(choose => choose.Descendants("return-response").Any()).ToList();
        var setter = Assert.Single(settings.Select(setting => setting.Parent!.Parent!).Distinct());

        Assert.Equal(["base", "cors", "set-header", "set-header"], statements.Take(4).Select(statement => statement.Name.LocalName));
        Assert.Equal([CallerHeader, ProductHeader], deletions.Select(deletion => deletion.Value("name")));
        Assert.All(deletions, deletion => Assert.Equal("delete", deletion.Value("exists-action")));
        Assert.Equal(inbound, setter.Parent);
        Assert.All(keyChecks, check => Assert.True(check.IsBefore(setter)));
        Assert.True(setter.IsBefore(Assert.Single(inbound.Elements("set-backend-service"))));
        var when = Assert.Single(setter.Elements("when"));
        Assert.Null(setter.Element("otherwise"));
        Assert.Equal("@(context.Subscription != null && context.Product != null)", when.Value("condition"));
        Assert.Equal(
            [(CallerHeader, "override", "@(context.Subscription.Id)"), (ProductHeader, "override", "@(context.Product.Id)")],
            settings.Select(setting => (setting.Value("name"), setting.Value("exists-action"), setting.Element("value")!.Value.Trim())));
        Assert.All(settings, setting => Assert.Equal("set-header", setting.Name.LocalName));
        Assert.All(settings, setting => Assert.Single(setting.Elements("value")));
    }

    /// <summary>The header names and product ids are the ones the app reads (src/CitySense.Functions/Http/CallerHeaders.cs).</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void CallerHeaders_NamesAndProducts_AreTheOnesTheAppReads(string stage)
    {
        var app = File.ReadAllText(RepoPaths.Combine("src", "CitySense.Functions", "Http", "CallerHeaders.cs"));
        var appProducts = AppProductValue().Matches(app).Select(match => match.Groups["product"].Value).Order(StringComparer.Ordinal);
        var products = bicep.Snapshot(stage).OfType("Microsoft.ApiManagement/service/products")
            .Select(product => product.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal);

        Assert.Equal(CallerHeader, AppConstant(app, "Caller"));
        Assert.Equal(ProductHeader, AppConstant(app, "Product"));
        Assert.Equal(["admin", "operator", "public"], appProducts);
        Assert.Equal(appProducts, products);
    }

    private InboundOutcome Send(
        string stage, string method, string urlTemplate, PolicySubscription? subscription, string? product, KeyValuePair<string, string>[]? query = null)
    {
        var snapshot = bicep.Snapshot(stage);
        List<XElement> scopes = [Load(snapshot.Resource(ApiPolicy))];
        if (product is not null)
        {
            scopes.Add(Load(snapshot.Resource(ProductPolicy, $"{product}/policy")));
        }

        scopes.Add(Load(snapshot.Resource(ServicePolicy)));
        var path = urlTemplate.Replace("{callerId}", "citysense-smoke-operator", StringComparison.Ordinal)
            .Replace("{subscriptionId}", "sub_6f1c0d9e2b8a47c3a5d4e3f2a1b0c9d8", StringComparison.Ordinal);
        var context = new PolicyContext
        {
            Request = new PolicyRequest(method, "/api" + path, ForgedHeaders, query),
            Operation = new PolicyOperation(method, urlTemplate),
            Subscription = subscription,
            Product = product is null ? null : new PolicyProduct(product, $"CitySense {product}"),
        };
        return InboundPipeline.Run(scopes, context);
    }

    private static XElement Load(System.Text.Json.JsonElement policy)
    {
        Assert.Equal("rawxml", policy.Text("properties.format"));
        return PolicyDocument.Load(policy.Text("properties.value"));
    }

    private static bool IsCallerHeader(string name) =>
        name.Equals(CallerHeader, StringComparison.OrdinalIgnoreCase) || name.Equals(ProductHeader, StringComparison.OrdinalIgnoreCase);

    private static string AppConstant(string source, string name)
    {
        var match = Regex.Match(source, $@"const string {name} = ""(?<value>[^""]+)"";", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(match.Success, $"CallerHeaders.cs no longer declares the constant {name}.");
        return match.Groups["value"].Value;
    }

    [GeneratedRegex(@"""(?<product>[a-z]+)"" => (\(CallerProduct\?\))?CallerProduct\.")]
    private static partial Regex AppProductValue();
}
