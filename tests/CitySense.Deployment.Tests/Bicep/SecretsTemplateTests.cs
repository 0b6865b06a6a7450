using System.Text.Json;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// No secret leaves the deployment: no output carries one, no key is read with list*() anywhere,
/// and the Functions host keys are generated inside the deployment and stored only in Key Vault.
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class SecretsTemplateTests(BicepDeployment bicep)
{
    private const string Vault = "Microsoft.KeyVault/vaults";
    private const string Secret = "Microsoft.KeyVault/vaults/secrets";

    /// <summary>
    /// The linter (outputs-should-not-contain-secrets) refuses list*() and secure parameters in outputs;
    /// these are the names and values azd copies into .azure/&lt;env&gt;/.env, and no key is read anywhere.
    /// </summary>
    [Fact]
    public void Outputs_Main_ExposeNoConnectionStringOrKey()
    {
        var outputs = bicep.MainTemplate.At("outputs").EnumerateObject().ToList();

        Assert.DoesNotMatch(@"\blist(Keys|Secrets|ConnectionStrings|AccountSas|ServiceSas|KeyValue)?\(", bicep.MainTemplate.GetRawText());
        Assert.All(outputs, output =>
        {
            Assert.DoesNotMatch("SECRET|PASSWORD|CONNECTION_STRING|INSTRUMENTATION|ACCESS_KEY|_KEY$", output.Name);
            Assert.DoesNotContain("ConnectionString", output.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void Outputs_AnyStage_GiveAzdAndCallersWhatTheyNeed(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var outputs = snapshot.Outputs;
        var serviceId = snapshot.Id("Microsoft.ApiManagement/service");

        Assert.Equal(BicepDeployment.Location, outputs.Text("AZURE_LOCATION"));
        Assert.Equal(BicepDeployment.TenantId, outputs.Text("AZURE_TENANT_ID"));
        Assert.Equal($"rg-citysense-{stage}", outputs.Text("AZURE_RESOURCE_GROUP"));
        Assert.Equal(stage, outputs.Text("CITYSENSE_STAGE"));
        Assert.Equal(snapshot.Resource("Microsoft.Web/sites").Text("name"), outputs.Text("SERVICE_API_NAME"));
        Assert.Equal(snapshot.Resource("Microsoft.Web/sites").Text("name"), outputs.Text("AZURE_FUNCTION_APP_NAME"));
        Assert.True(DeploymentSnapshot.IsReference(outputs.Text("AZURE_API_MANAGEMENT_GATEWAY_URL"), serviceId, "gatewayUrl"));
        Assert.True(DeploymentSnapshot.IsReference(outputs.Text("AZURE_API_MANAGEMENT_PORTAL_URL"), serviceId, "developerPortalUrl"));
        Assert.True(DeploymentSnapshot.ContainsReference(outputs.Text("CITYSENSE_API_URL"), serviceId, "gatewayUrl"));
        Assert.EndsWith(", 'api')]", outputs.Text("CITYSENSE_API_URL"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void KeyVault_Stage_UsesRbacSoftDeleteAndTheStagePurgeProtection(string stage)
    {
        var vault = bicep.Snapshot(stage).Resource(Vault);

        Assert.True(vault.Flag("properties.enableRbacAuthorization"));
        Assert.True(vault.Flag("properties.enableSoftDelete"));
        Assert.Equal(StageExpectation.Settings(stage).Number("keyVaultSoftDeleteRetentionDays"), vault.Number("properties.softDeleteRetentionInDays"));
        Assert.Equal("standard", vault.Text("properties.sku.name"));
        Assert.False(vault.Flag("properties.enabledForTemplateDeployment"));

        // Key Vault rejects an explicit false for purge protection, so it must be left out when off.
        Assert.Equal(StageExpectation.For(stage).KeyVaultPurgeProtection, vault.Has("properties.enablePurgeProtection"));
        if (StageExpectation.For(stage).KeyVaultPurgeProtection)
        {
            Assert.True(vault.Flag("properties.enablePurgeProtection"));
        }
    }

    /// <summary>
    /// The Functions host's Key Vault repository reads the first host--masterKey--* secret and every
    /// host--functionKey--&lt;name&gt;; it encodes every character of a key name that is not a letter or digit
    /// ("-" becomes "-045"), so slot names are letters and digits. Two slots let a rotation add a key first.
    /// </summary>
    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void HostKeys_AnyStage_AreTheMasterKeyAndTwoSlotsUnderTheFunctionsHostNames(string stage)
    {
        var secrets = bicep.Snapshot(stage).OfType(Secret).Select(secret => secret.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["host--functionKey--apim1", "host--functionKey--apim2", "host--masterKey--master"], secrets);
        Assert.All(secrets, name => Assert.Matches("^host--(masterKey|functionKey)--[A-Za-z0-9]+$", name));
    }

    /// <summary>
    /// A provision must never write a new key: API Management would send it before every host instance
    /// knew it. Each key is written only when its secret does not exist yet (the first provision).
    /// </summary>
    [Fact]
    public void HostKeys_CompiledTemplate_AreWrittenOnlyWhenTheSecretDoesNotExist()
    {
        var secrets = CompiledResource.All(bicep.MainTemplate).Where(resource => resource.Type == Secret && !resource.Declaration.TryGetProperty("existing", out _)).ToList();

        Assert.Equal(2, secrets.Count);
        Assert.All(secrets, secret => Assert.True(secret.OnlyIfNotExists, $"{secret.Module}/{secret.Symbol} would overwrite its key on every provision."));
    }

    /// <summary>
    /// The keys' first values are secure parameters generated in the deployment: never in a parameter file, the
    /// deployment history or a log. The linter's secure-secrets-in-params rule only knows names like "password",
    /// so this is asserted on the compiled template.
    /// </summary>
    [Fact]
    public void HostKeyParameters_KeyVaultModule_AreSecureAndGeneratedInTheDeployment()
    {
        var keyVault = KeyVaultModuleTemplate(bicep.MainTemplate);

        foreach (var name in new[] { "initialApimKey", "initialIdleApimKey", "initialMasterKey" })
        {
            var parameter = keyVault.At("parameters").GetProperty(name);
            Assert.Equal("securestring", parameter.Text("type"));
            Assert.Equal("[newGuid()]", parameter.Text("defaultValue"));
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void HostKeyStore_AnyStage_IsWrittenOnlyByTheAppIdentity(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var assignment = Assert.Single(snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", snapshot.Id(Vault)));

        Assert.EndsWith("/roleDefinitions/b86a8fe4-44ce-4948-aee5-eccb2c155cd7", assignment.Text("properties.roleDefinitionId"), StringComparison.Ordinal);
        Assert.True(DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), snapshot.AppIdentityId, "principalId"));
    }

    /// <summary>The nested template of the module whose parameters include the host keys' first values.</summary>
    private static JsonElement KeyVaultModuleTemplate(JsonElement template)
    {
        foreach (var resource in template.At("resources").EnumerateObject())
        {
            if (resource.Value.Text("type") != "Microsoft.Resources/deployments")
            {
                continue;
            }

            var nested = resource.Value.At("properties.template");
            if (nested.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("initialMasterKey", out _))
            {
                return nested;
            }
        }

        throw new InvalidOperationException("No module of main.bicep declares the host keys' first values.");
    }
}
