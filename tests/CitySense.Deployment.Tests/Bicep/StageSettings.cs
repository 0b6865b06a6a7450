using System.Text.Json;
using CitySense.Deployment.Tests.Support;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>The checked-in values of one stage (bicep/stages/&lt;stage&gt;.settings.json).</summary>
public static class StageSettings
{
    public static JsonElement For(string stage)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("bicep", "stages", stage + ".settings.json")));
        return document.RootElement.Clone();
    }
}
