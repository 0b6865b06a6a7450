using System.Text.Json;
using System.Text.RegularExpressions;
using CitySense.Deployment.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>API Management: tier, imported API, backend with the Functions key, products, policies, portal.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class ApiManagementTemplateTests(BicepDeployment bicep)
{
    private const string Service = "Microsoft.ApiManagement/service";
    private const string Api = "Microsoft.ApiManagement/service/apis";
    private const string Product = "Microsoft.ApiManagement/service/products";
    private const string ProductPolicy = "Microsoft.ApiManagement/service/products/policies";

    private static readonly string[] DocumentedSkus = ["Developer", "BasicV2", "StandardV2"];

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Service_Stage_UsesTheDocumentedTierOfItsStage(string stage)
    {
        var service = bicep.Snapshot(stage).Resource(Service);

        // Consumption has neither the developer portal nor rate-limit-by-key.
        Assert.Contains(service.Text("sku.name"), DocumentedSkus);
        Assert.Equal(StageExpectation.For(stage).ApiManagementSku, service.Text("sku.name"));
        Assert.Equal("SystemAssigned", service.Text("identity.type"));
        Assert.Equal("Enabled", service.Text("properties.developerPortalStatus"));
        Assert.Equal(BicepDeployment.OperatorEmail, service.Text("properties.publisherEmail"));
    }

    [Fact]
    public void Service_DeveloperTier_RefusesTls10And11AndSsl3OnBothSides()
    {
        var service = bicep.Snapshot("dev").Resource(Service);
        var settings = service.At("properties.customProperties").EnumerateObject().ToDictionary(setting => setting.Name, setting => setting.Value.GetString());

        // The classic tiers take these switches; the v2 tiers accept no changes and default to TLS 1.2.
        foreach (var side in new[] { "Gateway.Security.Protocols", "Gateway.Security.Backend.Protocols" })
        {
            foreach (var protocol in new[] { "Tls10", "Tls11", "Ssl30" })
            {
                Assert.Equal("False", settings[$"Microsoft.WindowsAzure.ApiManagement.{side}.{protocol}"]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Api_AnyStage_ImportsTheCheckedInOpenApiDocumentUnderApi(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var api = snapshot.Resource(Api);

        Assert.Equal("openapi", api.Text("properties.format"));
        Assert.Equal(ReadOpenApiDocument(), api.Text("properties.value"));
        Assert.Equal("api", api.Text("properties.path"));
        Assert.Equal(["https"], api.Strings("properties.protocols"));
        Assert.Equal($"[format('https://{{0}}/api', reference('{snapshot.Id("Microsoft.Web/sites")}', '2024-11-01').defaultHostName)]", api.Text("properties.serviceUrl"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_KeylessCall_IsLimitedToTheAnonymousOperationsOfTheDocument(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var api = snapshot.Resource(Api);
        var policy = ApiPolicy(snapshot);
        var anonymous = AnonymousOperations();
        var listed = Regex.Match(policy, @"new\[\] \{ (?<paths>[^}]*) \}\)\.Contains\(context\.Operation\.UrlTemplate\)", RegexOptions.None, TimeSpan.FromSeconds(1));

        // Products require a key; the API must not, or the anonymous operations would need one too.
        Assert.False(api.Flag("properties.subscriptionRequired"));
        Assert.All(anonymous, operation => Assert.Equal("get", operation.Method));
        Assert.True(listed.Success, "The API policy no longer lists the anonymous operations.");
        Assert.Equal(
            anonymous.Select(operation => operation.Path).Order(StringComparer.Ordinal),
            listed.Groups["paths"].Value.Split(',', StringSplitOptions.TrimEntries).Select(path => path.Trim('"')).Order(StringComparer.Ordinal));
        Assert.Contains("<when condition=\"@(context.Subscription == null)\">", policy, StringComparison.Ordinal);
        AssertProblemResponse(policy, 401, "urn:citysense:problem:unauthorized");
        Assert.Matches(
            $@"<rate-limit-by-key calls=""{StageExpectation.Settings(stage).Number("anonymousCallsPerMinute")}"" renewal-period=""60"" counter-key=""@\(""anonymous:"" \+ context\.Request\.IpAddress\)""",
            policy);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_WriteWithPublicKey_IsRefusedWith403Problem(string stage)
    {
        var policy = ApiPolicy(bicep.Snapshot(stage));

        Assert.Contains(
            "<when condition=\"@(context.Product != null && context.Product.Id == \"public\" && context.Request.Method != \"GET\")\">",
            policy,
            StringComparison.Ordinal);
        AssertProblemResponse(policy, 403, "urn:citysense:problem:forbidden");
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_RateLimitOrQuotaExceeded_Answers429ProblemWithRetryAfter(string stage)
    {
        var policy = ApiPolicy(bicep.Snapshot(stage));
        var onError = policy[policy.IndexOf("<on-error>", StringComparison.Ordinal)..];

        Assert.Contains("context.LastError.Reason == \"RateLimitExceeded\" || context.LastError.Reason == \"QuotaExceeded\"", onError, StringComparison.Ordinal);
        Assert.Contains("<set-header name=\"Retry-After\" exists-action=\"override\">", onError, StringComparison.Ordinal);
        AssertProblemResponse(onError, 429, "urn:citysense:problem:rate-limited");
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ApiPolicy_Stage_AllowsTheCorsOriginsOfItsStage(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var policy = ApiPolicy(snapshot);
        var configured = StageExpectation.Settings(stage).Strings("corsAllowedOrigins");
        var origins = Regex.Matches(policy, "<origin>(?<origin>[^<]*)</origin>", RegexOptions.None, TimeSpan.FromSeconds(1))
            .Select(match => match.Groups["origin"].Value)
            .ToList();
        var portal = $"https://{snapshot.Resource(Service).Text("name")}.developer.azure-api.net";

        Assert.Contains("<cors allow-credentials=\"false\">", policy, StringComparison.Ordinal);
        if (configured.Contains("*"))
        {
            Assert.Equal(["*"], origins);
        }
        else
        {
            Assert.Equal(configured.Append(portal).Order(StringComparer.Ordinal), origins.Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Backend_AnyStage_CallsTheFunctionAppWithTheHostKeyFromKeyVault(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var backend = snapshot.Resource("Microsoft.ApiManagement/service/backends");
        var namedValue = snapshot.Resource("Microsoft.ApiManagement/service/namedValues");
        var secret = snapshot.Resource("Microsoft.KeyVault/vaults/secrets", "host--functionKey--apim");
        var namedValueName = namedValue.Text("name").Split('/')[^1];

        Assert.Contains($"<set-backend-service backend-id=\"{backend.Text("name").Split('/')[^1]}\" />", ApiPolicy(snapshot), StringComparison.Ordinal);
        Assert.Equal($"[format('https://{{0}}/api', reference('{snapshot.Id("Microsoft.Web/sites")}', '2024-11-01').defaultHostName)]", backend.Text("properties.url"));
        Assert.Equal(["{{" + namedValueName + "}}"], backend.Strings("properties.credentials.header.x-functions-key"));
        Assert.True(backend.Flag("properties.tls.validateCertificateChain"));
        Assert.True(namedValue.Flag("properties.secret"));
        Assert.False(namedValue.Has("properties.value"), "The key must come from Key Vault, never from the template.");
        Assert.True(DeploymentSnapshot.IsReference(namedValue.Text("properties.keyVault.secretIdentifier"), secret.Text("id"), "secretUriWithVersion"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void HostKeyReader_AnyStage_IsTheServiceIdentityWithSecretsUserOnThatSecretOnly(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var secret = snapshot.Resource("Microsoft.KeyVault/vaults/secrets", "host--functionKey--apim");
        var serviceId = snapshot.Id(Service);

        var assignment = Assert.Single(snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", secret.Text("id")));
        Assert.EndsWith("/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6", assignment.Text("properties.roleDefinitionId"), StringComparison.Ordinal);
        Assert.True(DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), serviceId, "identity.principalId"));
        Assert.DoesNotContain(
            snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", snapshot.Id("Microsoft.KeyVault/vaults")),
            vaultAssignment => vaultAssignment.Text("properties.principalId").Contains(serviceId, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Products_AnyStage_PublicIsOpenSignUpAndOperatorNeedsApproval(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var publicProduct = snapshot.Resource(Product, "public");
        var operatorProduct = snapshot.Resource(Product, "operator");

        foreach (var product in new[] { publicProduct, operatorProduct })
        {
            Assert.Equal("published", product.Text("properties.state"));
            Assert.True(product.Flag("properties.subscriptionRequired"));
            var name = product.Text("name").Split('/')[^1];
            Assert.Single(snapshot.OfType("Microsoft.ApiManagement/service/products/apis"), link => link.Text("name").EndsWith($"/{name}/citysense", StringComparison.Ordinal));
            Assert.Contains(snapshot.OfType("Microsoft.ApiManagement/service/products/groups"), group => group.Text("name").EndsWith($"/{name}/developers", StringComparison.Ordinal));
        }

        Assert.False(publicProduct.Flag("properties.approvalRequired"));
        Assert.Equal(1, publicProduct.Number("properties.subscriptionsLimit"));
        Assert.Contains(snapshot.OfType("Microsoft.ApiManagement/service/products/groups"), group => group.Text("name").EndsWith("/public/guests", StringComparison.Ordinal));
        Assert.True(operatorProduct.Flag("properties.approvalRequired"));
        Assert.Equal(2, snapshot.OfType(Product).Count());
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void ProductPolicies_Stage_RateLimitAndQuotaEachSubscription(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var settings = StageExpectation.Settings(stage);

        foreach (var (product, settingName) in new[] { ("public", "publicProduct"), ("operator", "operatorProduct") })
        {
            var limits = settings.At(settingName);
            var policy = snapshot.Resource(ProductPolicy, $"{product}/policy");
            var xml = policy.Text("properties.value");

            Assert.Equal("rawxml", policy.Text("properties.format"));
            Assert.Contains(
                $"<rate-limit-by-key calls=\"{limits.Number("callsPerPeriod")}\" renewal-period=\"{limits.Number("renewalPeriodSeconds")}\" counter-key=\"@(context.Subscription.Id)\" retry-after-header-name=\"Retry-After\"",
                xml,
                StringComparison.Ordinal);
            Assert.Contains($"<quota calls=\"{limits.Number("callsPerDay")}\" renewal-period=\"86400\" />", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("__", xml, StringComparison.Ordinal);
        }

        Assert.True(settings.Number("publicProduct.callsPerPeriod") < settings.Number("operatorProduct.callsPerPeriod"));
        Assert.True(settings.Number("publicProduct.callsPerDay") < settings.Number("operatorProduct.callsPerDay"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void DeveloperPortal_AnyStage_AllowsSignUpWithTermsAndIsPublished(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var signup = snapshot.Resource("Microsoft.ApiManagement/service/portalsettings", "signup");
        var revision = snapshot.Resource("Microsoft.ApiManagement/service/portalRevisions");

        Assert.True(signup.Flag("properties.enabled"));
        Assert.True(signup.Flag("properties.termsOfService.enabled"));
        Assert.True(signup.Flag("properties.termsOfService.consentRequired"));
        Assert.False(string.IsNullOrWhiteSpace(signup.Text("properties.termsOfService.text")));
        Assert.True(revision.Flag("properties.isCurrent"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Telemetry_AnyStage_GoesToApplicationInsightsWithTheServiceIdentity(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var applicationInsightsId = snapshot.Id("Microsoft.Insights/components");
        var logger = snapshot.Resource("Microsoft.ApiManagement/service/loggers");
        var diagnostics = snapshot.Resource("Microsoft.ApiManagement/service/diagnostics", "applicationinsights");
        var publisher = Assert.Single(
            snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", applicationInsightsId),
            assignment => assignment.Text("properties.principalId").Contains(snapshot.Id(Service), StringComparison.Ordinal));

        Assert.Equal("applicationInsights", logger.Text("properties.loggerType"));
        Assert.Equal(applicationInsightsId, logger.Text("properties.resourceId"));
        Assert.Equal("SystemAssigned", logger.Text("properties.credentials.identityClientId"));
        Assert.EndsWith("/roleDefinitions/3913510d-42f4-4e42-8a64-420c390055eb", publisher.Text("properties.roleDefinitionId"), StringComparison.Ordinal);
        Assert.Equal(StageExpectation.Settings(stage).Number("apiManagementSamplingPercentage"), diagnostics.Number("properties.sampling.percentage"));
        Assert.Contains("/loggers/", diagnostics.Text("properties.loggerId"), StringComparison.Ordinal);
    }

    private static string ReadOpenApiDocument() => File.ReadAllText(RepoPaths.Combine("openapi", "openapi.yaml"));

    /// <summary>Operations of the OpenAPI document that lift its security requirement with "security: []".</summary>
    private static List<(string Method, string Path)> AnonymousOperations()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(ReadOpenApiDocument()));
        var paths = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["paths"];
        return [.. paths.Children.SelectMany(path => ((YamlMappingNode)path.Value).Children
            .Where(operation => operation.Value is YamlMappingNode details
                && details.Children.TryGetValue(new YamlScalarNode("security"), out var security)
                && security is YamlSequenceNode { Children.Count: 0 })
            .Select(operation => (((YamlScalarNode)operation.Key).Value!, ((YamlScalarNode)path.Key).Value!)))];
    }

    private static string ApiPolicy(DeploymentSnapshot snapshot)
    {
        var policy = snapshot.Resource("Microsoft.ApiManagement/service/apis/policies");
        Assert.Equal("rawxml", policy.Text("properties.format"));
        var xml = policy.Text("properties.value");
        Assert.DoesNotContain("__", xml, StringComparison.Ordinal);
        return xml;
    }

    /// <summary>A return-response with the status and an RFC 9457 body of the contract's problem type.</summary>
    private static void AssertProblemResponse(string policy, int status, string problemType) =>
        Assert.Matches(
            $@"<set-status code=""{status}""[^>]*/>\s*<set-header name=""Content-Type"" exists-action=""override"">\s*<value>application/problem\+json</value>\s*</set-header>(\s*<set-header name=""Retry-After"" exists-action=""override"">\s*<value>[^<]+</value>\s*</set-header>)?\s*<set-body>@\(new JObject\(\s*new JProperty\(""type"", ""{Regex.Escape(problemType)}""\),\s*new JProperty\(""title"", ""[^""]+""\),\s*new JProperty\(""status"", {status}\),\s*new JProperty\(""detail"",",
            policy);
}
