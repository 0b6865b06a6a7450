using System.Text.Json;
using System.Text.RegularExpressions;

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

    [Fact]
    public void Outputs_MainAndEveryModule_CarryNoSecret()
    {
        foreach (var (name, template) in Templates(bicep.MainTemplate, "main"))
        {
            var secureParameters = template.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateObject().Where(parameter => IsSecure(parameter.Value)).Select(parameter => parameter.Name).ToList()
                : [];
            if (!template.TryGetProperty("outputs", out var outputs))
            {
                continue;
            }

            foreach (var output in outputs.EnumerateObject())
            {
                var value = output.Value.TryGetProperty("value", out var v) ? v.GetRawText() : string.Empty;
                Assert.False(IsSecure(output.Value), $"{name}: output '{output.Name}' is of a secure type.");
                Assert.DoesNotMatch(@"\blist\w*\(", value);
                Assert.All(secureParameters, parameter => Assert.DoesNotContain($"parameters('{parameter}')", value, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Outputs_Main_ExposeNoConnectionStringOrKey()
    {
        var outputs = bicep.MainTemplate.At("outputs").EnumerateObject().ToList();

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

    [Fact]
    public void Template_Everywhere_ReadsNoKeyWithListFunctions()
    {
        var text = bicep.MainTemplate.GetRawText();

        Assert.DoesNotMatch(@"\blist(Keys|Secrets|ConnectionStrings|AccountSas|ServiceSas|KeyValue)?\(", text);
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void KeyVault_Stage_UsesRbacSoftDeleteAndTheStagePurgeProtection(string stage)
    {
        var vault = bicep.Snapshot(stage).Resource(Vault);

        Assert.True(vault.Flag("properties.enableRbacAuthorization"));
        Assert.True(vault.Flag("properties.enableSoftDelete"));
        Assert.Equal(StageSettings.For(stage).Number("keyVaultSoftDeleteRetentionDays"), vault.Number("properties.softDeleteRetentionInDays"));
        Assert.Equal("standard", vault.Text("properties.sku.name"));
        Assert.False(vault.Flag("properties.enabledForTemplateDeployment"));

        // Key Vault rejects an explicit false for purge protection, so it must be left out when off.
        Assert.Equal(StageExpectation.For(stage).KeyVaultPurgeProtection, vault.Has("properties.enablePurgeProtection"));
        if (StageExpectation.For(stage).KeyVaultPurgeProtection)
        {
            Assert.True(vault.Flag("properties.enablePurgeProtection"));
        }
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void HostKeys_AnyStage_AreGeneratedByTheDeploymentUnderTheFunctionsHostNames(string stage)
    {
        var secrets = bicep.Snapshot(stage).OfType(Secret).ToList();

        // The Functions host's Key Vault repository reads host--masterKey--master and host--functionKey--<name>.
        Assert.Equal(
            ["host--functionKey--apim", "host--masterKey--master"],
            secrets.Select(secret => secret.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(secrets, secret => Assert.Equal("[newGuid()]", secret.Text("properties.value")));
    }

    [Fact]
    public void HostKeyParameters_KeyVaultModule_AreSecure()
    {
        var keyVaultModule = Assert.Single(
            Templates(bicep.MainTemplate, "main"),
            template => template.Name == "key-vault").Template;

        Assert.True(IsSecure(keyVaultModule.At("parameters.apimHostKey")));
        Assert.True(IsSecure(keyVaultModule.At("parameters.masterKey")));
    }

    [Theory]
    [MemberData(nameof(StageExpectation.Stages), MemberType = typeof(StageExpectation))]
    public void HostKeyStore_AnyStage_IsWrittenOnlyByTheAppIdentity(string stage)
    {
        var snapshot = bicep.Snapshot(stage);
        var assignment = Assert.Single(snapshot.OfTypeAt("Microsoft.Authorization/roleAssignments", snapshot.Id(Vault)));

        Assert.EndsWith("/roleDefinitions/b86a8fe4-44ce-4948-aee5-eccb2c155cd7", assignment.Text("properties.roleDefinitionId"), StringComparison.Ordinal);
        Assert.True(DeploymentSnapshot.IsReference(assignment.Text("properties.principalId"), snapshot.Id("Microsoft.ManagedIdentity/userAssignedIdentities"), "principalId"));
    }

    private static bool IsSecure(JsonElement declaration) =>
        declaration.TryGetProperty("type", out var type)
        && (string.Equals(type.GetString(), "securestring", StringComparison.OrdinalIgnoreCase)
            || string.Equals(type.GetString(), "secureObject", StringComparison.OrdinalIgnoreCase));

    /// <summary>The template and every nested module template, with the deployment name of each module.</summary>
    private static IEnumerable<(string Name, JsonElement Template)> Templates(JsonElement template, string name)
    {
        yield return (name, template);
        foreach (var resource in template.At("resources").Values())
        {
            if (resource.Text("type") == "Microsoft.Resources/deployments")
            {
                var moduleName = Regex.Replace(resource.Text("name"), @"^\[format\('([^']*)'.*$", "$1", RegexOptions.None, TimeSpan.FromSeconds(1));
                foreach (var nested in Templates(resource.At("properties.template"), moduleName))
                {
                    yield return nested;
                }
            }
        }
    }
}
