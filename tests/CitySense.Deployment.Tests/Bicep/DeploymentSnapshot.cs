using System.Text.Json;
using System.Text.RegularExpressions;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// What "bicep snapshot" predicts one stage deploys: every resource of main.bicep and its modules
/// with the stage's parameters applied and every expression evaluated that can be evaluated
/// offline. Values known only after deployment (principal IDs, endpoints) stay ARM expressions
/// such as [reference('&lt;resource id&gt;', '&lt;api version&gt;').principalId].
/// </summary>
public sealed class DeploymentSnapshot
{
    public DeploymentSnapshot(JsonElement root)
    {
        Resources = [.. root.GetProperty("predictedResources").EnumerateArray()];
        Outputs = root.GetProperty("outputs");
        Diagnostics = [.. root.GetProperty("diagnostics").EnumerateArray()];
    }

    public IReadOnlyList<JsonElement> Resources { get; }

    public JsonElement Outputs { get; }

    public IReadOnlyList<JsonElement> Diagnostics { get; }

    public IEnumerable<JsonElement> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Text("type"), type, StringComparison.OrdinalIgnoreCase));

    public JsonElement Resource(string type) => Assert.Single(OfType(type));

    /// <summary>The resource of this type whose name (or last name segment) is <paramref name="name"/>.</summary>
    public JsonElement Resource(string type, string name) =>
        Assert.Single(OfType(type), resource =>
        {
            var resourceName = resource.Text("name");
            return resourceName == name || resourceName.EndsWith("/" + name, StringComparison.Ordinal);
        });

    /// <summary>Resources of this type whose ID lies under <paramref name="scopeId"/> (extension resources such as role assignments).</summary>
    public IEnumerable<JsonElement> OfTypeAt(string type, string scopeId) =>
        OfType(type).Where(resource =>
        {
            // Names built from runtime values (guid of a principal ID) leave the ID as an expression.
            var id = resource.Text("id");
            return id.StartsWith(scopeId + "/providers/", StringComparison.OrdinalIgnoreCase)
                || id.StartsWith($"[extensionResourceId('{scopeId}', ", StringComparison.OrdinalIgnoreCase);
        });

    public string Id(string type) => Resource(type).Text("id");

    /// <summary>The user-assigned identity the function app runs as (API Management has its own).</summary>
    public string AppIdentityId =>
        Assert.Single(Resource("Microsoft.Web/sites").At("identity.userAssignedIdentities").EnumerateObject()).Name;

    /// <summary>Matches the expression ARM uses to read a runtime property of a resource.</summary>
    public static bool IsReference(string expression, string resourceId, string property) =>
        Regex.IsMatch(
            expression,
            $@"^\[reference\('{Regex.Escape(resourceId)}', '[0-9a-z-]+'(, 'full')?\)\.{Regex.Escape(property)}\]$",
            RegexOptions.None,
            TimeSpan.FromSeconds(1));

    /// <summary>Same as <see cref="IsReference"/> but anywhere inside a larger expression.</summary>
    public static bool ContainsReference(string expression, string resourceId, string property) =>
        Regex.IsMatch(
            expression,
            $@"reference\('{Regex.Escape(resourceId)}', '[0-9a-z-]+'(, 'full')?\)\.{Regex.Escape(property)}\b",
            RegexOptions.None,
            TimeSpan.FromSeconds(1));
}
