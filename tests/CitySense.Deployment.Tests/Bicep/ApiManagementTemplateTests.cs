using System.Text.Json;
using System.Text.Json.Nodes;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>API Management: tier, identity, imported API, backend with the Functions host key, products, portal, telemetry.</summary>
[Collection(BicepTestGroup.Name)]
public sealed class ApiManagementTemplateTests(BicepDeployment bicep)
{
    private const string Service = "Microsoft.ApiManagement/service";
    private const string Api = "Microsoft.ApiManagement/service/apis";
    private const string Product = "Microsoft.ApiManagement/service/products";
    private const string NamedValue = "Microsoft.ApiManagement/service/namedValues";

    private static readonly string[] DocumentedSkus = ["Developer", "BasicV2", "StandardV2"];

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Service_Stage_UsesTheDocumentedTierOfItsStage(string stage)
    {
        var service = bicep.Snapshot(stage).Resource(Service);

        // Consumption has neither the developer portal nor rate-limit-by-key.
        Assert.Contains(service.Text("sku.name"), DocumentedSkus);
        Assert.Equal(StageExpectation.For(stage).ApiManagementSku, service.Text("sku.name"));
        Assert.Equal("UserAssigned", service.Text("identity.type"));
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

        // The JSON form of the document, as ARM serialises it: the same JSON, property for property, in the same order.
        Assert.Equal("openapi+json", api.Text("properties.format"));
        Assert.Equal(
            JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("openapi", "openapi.json")))!.ToJsonString(),
            JsonNode.Parse(api.Text("properties.value"))!.ToJsonString());
        Assert.Equal("api", api.Text("properties.path"));
        Assert.Equal(["https"], api.Strings("properties.protocols"));
        Assert.Equal($"[format('https://{{0}}/api', reference('{snapshot.Id("Microsoft.Web/sites")}', '2024-11-01').defaultHostName)]", api.Text("properties.serviceUrl"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Backend_AnyStage_CallsTheFunctionAppWithTheHostKeyOfTheActiveSlot(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var backend = snapshot.Resource("Microsoft.ApiManagement/service/backends");
        var namedValue = snapshot.Resource(NamedValue);
        var namedValueName = namedValue.Text("name").Split('/')[^1];

        Assert.Equal($"[format('https://{{0}}/api', reference('{snapshot.Id("Microsoft.Web/sites")}', '2024-11-01').defaultHostName)]", backend.Text("properties.url"));
        Assert.Equal(["{{" + namedValueName + "}}"], backend.Strings("properties.credentials.header.x-functions-key"));
        Assert.True(backend.Flag("properties.tls.validateCertificateChain"));
        Assert.True(namedValue.Flag("properties.secret"));
        Assert.False(namedValue.Has("properties.value"), "The key must come from Key Vault, never from the template.");

        // Versionless: API Management follows a new version of the slot; it starts on slot apim1.
        Assert.Equal(
            $"[format('{{0}}secrets/host--functionKey--{{1}}', reference('{snapshot.Id("Microsoft.KeyVault/vaults")}', '2024-11-01').vaultUri, 'apim1')]",
            namedValue.Text("properties.keyVault.secretIdentifier"));
        Assert.True(DeploymentSnapshot.IsReference(namedValue.Text("properties.keyVault.identityClientId"), ApiManagementIdentityId(snapshot), "clientId"));
    }

    /// <summary>
    /// A rotation moves the named value to the other slot; a provision that recreated it would point API
    /// Management back at the retired slot, so it is created once. On a new environment it reads the key
    /// only after its identity holds the role (the first azd up must not race the role assignment).
    /// </summary>
    [Fact]
    public void NamedValue_CompiledTemplate_IsCreatedOnceAfterItsKeyVaultRole()
    {
        var resources = CompiledResource.All(bicep.MainTemplate).Where(resource => resource.Module == "apiManagement").ToList();
        var namedValue = Assert.Single(resources, resource => resource.Type == NamedValue);
        var readers = Assert.Single(resources, resource => resource.Type == "Microsoft.Authorization/roleAssignments" && resource.Declaration.TryGetProperty("copy", out _));
        var identity = Assert.Single(resources, resource => resource.Type == "Microsoft.ManagedIdentity/userAssignedIdentities");

        Assert.True(namedValue.OnlyIfNotExists);
        Assert.Contains(readers.Symbol, namedValue.DependsOn);
        Assert.DoesNotContain("service", identity.DependsOn);
        Assert.DoesNotContain("service", readers.DependsOn);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void HostKeyReaders_AnyStage_AreTheGatewayIdentityWithSecretsUserOnEachSlotOnly(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var identityId = ApiManagementIdentityId(snapshot);
        var slots = snapshot.OfType("Microsoft.KeyVault/vaults/secrets").Where(secret => secret.Text("name").Contains("/host--functionKey--", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, slots.Count);
        Assert.All(slots, slot =>
        {
            var assignment = Assert.Single(snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", slot.Text("id")));
            Assert.EndsWith("/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6", assignment.Text("properties.roleDefinitionId"), StringComparison.Ordinal);
            Assert.True(DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), identityId, "principalId"));
        });
        Assert.DoesNotContain(
            snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", snapshot.Id("Microsoft.KeyVault/vaults")),
            assignment => assignment.Text("properties.principalId").Contains(identityId, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Products_AnyStage_PublicIsOpenSignUpOperatorNeedsApprovalAdminIsForAdministratorsOnly(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var products = snapshot.OfType(Product).ToDictionary(product => product.Text("name").Split('/')[^1], product => product);

        Assert.Equal(["admin", "operator", "public"], products.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, product) in products)
        {
            Assert.Equal("published", product.Text("properties.state"));
            Assert.True(product.Flag("properties.subscriptionRequired"));
            Assert.Single(snapshot.OfType("Microsoft.ApiManagement/service/products/apis"), link => link.Text("name").EndsWith($"/{name}/citysense", StringComparison.Ordinal));
        }

        Assert.Equal(["developers", "guests"], Groups(snapshot, "public"));
        Assert.False(products["public"].Flag("properties.approvalRequired"));
        Assert.Equal(1, products["public"].Number("properties.subscriptionsLimit"));
        Assert.Equal(["developers"], Groups(snapshot, "operator"));
        Assert.True(products["operator"].Flag("properties.approvalRequired"));

        // Grants and the audit trail: only the service's administrators see the product in the portal, and every
        // subscription is approved, so no developer can get an admin key by signing up.
        Assert.Equal(["administrators"], Groups(snapshot, "admin"));
        Assert.True(products["admin"].Flag("properties.approvalRequired"));
        Assert.False(products["admin"].Has("properties.subscriptionsLimit"));
    }

    /// <summary>The smoke test reads these subscriptions' keys at run time (listSecrets); it creates nothing itself.</summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void SmokeSubscriptions_AnyStage_OneActiveSubscriptionPerProduct(string stage)
    {
        var subscriptions = bicep.Snapshot(stage).OfType("Microsoft.ApiManagement/service/subscriptions")
            .ToDictionary(subscription => subscription.Text("name").Split('/')[^1], subscription => subscription);

        Assert.Equal(["citysense-smoke-admin", "citysense-smoke-operator", "citysense-smoke-public"], subscriptions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/products/admin", subscriptions["citysense-smoke-admin"].Text("properties.scope"));
        Assert.Equal("/products/operator", subscriptions["citysense-smoke-operator"].Text("properties.scope"));
        Assert.Equal("/products/public", subscriptions["citysense-smoke-public"].Text("properties.scope"));
        Assert.All(subscriptions.Values, subscription => Assert.Equal("active", subscription.Text("properties.state")));
        Assert.All(subscriptions.Values, subscription => Assert.False(subscription.Flag("properties.allowTracing")));
    }

    /// <summary>
    /// Publishing a portal revision can fail on a new instance whose portal content is not initialised yet,
    /// which would fail the whole first provision: scripts/publish-portal.sh publishes afterwards, best effort.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void DeveloperPortal_AnyStage_AllowsSignUpWithTermsAndPublishesNothingDuringProvisioning(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var signup = snapshot.Resource("Microsoft.ApiManagement/service/portalsettings", "signup");

        Assert.True(signup.Flag("properties.enabled"));
        Assert.True(signup.Flag("properties.termsOfService.enabled"));
        Assert.True(signup.Flag("properties.termsOfService.consentRequired"));
        Assert.False(string.IsNullOrWhiteSpace(signup.Text("properties.termsOfService.text")));
        Assert.Empty(snapshot.OfType("Microsoft.ApiManagement/service/portalRevisions"));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Telemetry_AnyStage_GoesToApplicationInsightsWithTheGatewayIdentity(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var applicationInsightsId = snapshot.Id("Microsoft.Insights/components");
        var identityId = ApiManagementIdentityId(snapshot);
        var logger = snapshot.Resource("Microsoft.ApiManagement/service/loggers");
        var diagnostics = snapshot.Resource("Microsoft.ApiManagement/service/diagnostics", "applicationinsights");
        var publisher = Assert.Single(
            snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", applicationInsightsId),
            assignment => assignment.Text("properties.principalId").Contains(identityId, StringComparison.Ordinal));

        Assert.Equal("applicationInsights", logger.Text("properties.loggerType"));
        Assert.Equal(applicationInsightsId, logger.Text("properties.resourceId"));
        Assert.True(DeploymentSnapshot.IsReference(logger.Text("properties.credentials.identityClientId"), identityId, "clientId"));
        Assert.EndsWith("/roleDefinitions/3913510d-42f4-4e42-8a64-420c390055eb", publisher.Text("properties.roleDefinitionId"), StringComparison.Ordinal);
        Assert.Equal(StageExpectation.Settings(stage).Number("apiManagementSamplingPercentage"), diagnostics.Number("properties.sampling.percentage"));
    }

    /// <summary>The groups that see a product in the developer portal, by name.</summary>
    private static IEnumerable<string> Groups(DeploymentSnapshot snapshot, string product) =>
        snapshot.OfType("Microsoft.ApiManagement/service/products/groups")
            .Select(group => group.Text("name").Split('/'))
            .Where(name => name[^2] == product)
            .Select(name => name[^1])
            .Order(StringComparer.Ordinal);

    /// <summary>The identity the service runs as: its own, not the function app's.</summary>
    private static string ApiManagementIdentityId(DeploymentSnapshot snapshot)
    {
        var identities = snapshot.Resource(Service).At("identity.userAssignedIdentities").EnumerateObject().Select(identity => identity.Name).ToList();
        var identityId = Assert.Single(identities);
        Assert.Contains("/userAssignedIdentities/id-apim-", identityId, StringComparison.Ordinal);
        return identityId;
    }
}
