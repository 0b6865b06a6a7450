using System.Text.Json;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// A resource declaration of the compiled ARM template (main.bicep and every nested module), with what the
/// snapshot does not keep: its symbolic name, its dependsOn and its "@options" (e.g. onlyIfNotExists).
/// </summary>
public sealed record CompiledResource(string Module, string Symbol, JsonElement Declaration)
{
    public string Type => Declaration.Text("type");

    public bool OnlyIfNotExists =>
        Declaration.TryGetProperty("@options", out var options) && options.TryGetProperty("onlyIfNotExists", out _);

    public IReadOnlyList<string> DependsOn =>
        Declaration.TryGetProperty("dependsOn", out var dependsOn) ? [.. dependsOn.EnumerateArray().Select(item => item.GetString()!)] : [];

    /// <summary>Every resource of the template and of its nested module deployments (languageVersion 2.0 keeps them in objects).</summary>
    public static IEnumerable<CompiledResource> All(JsonElement template, string module = "main")
    {
        foreach (var resource in template.At("resources").EnumerateObject())
        {
            var declaration = resource.Value;
            if (declaration.Text("type") == "Microsoft.Resources/deployments")
            {
                foreach (var nested in All(declaration.At("properties.template"), resource.Name))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return new CompiledResource(module, resource.Name, declaration);
            }
        }
    }
}
