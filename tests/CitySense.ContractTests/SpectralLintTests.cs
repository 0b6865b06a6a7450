using System.Text.Json.Nodes;
using CitySense.ContractTests.Support;

namespace CitySense.ContractTests;

/// <summary>
/// The document lints clean with Spectral (every spectral:oas rule; the two turned off say why in
/// openapi/.spectral.yaml): exit code 0 and no findings of any severity.
/// </summary>
public sealed class SpectralLintTests
{
    [Fact]
    public async Task Document_SpectralOasRuleset_NoFindings()
    {
        var result = await Command.RunAsync(
            Repository.NodeTool("spectral"),
            "lint", "openapi/openapi.yaml",
            "--ruleset", "openapi/.spectral.yaml",
            "--fail-severity=warn",
            "--format", "json",
            "--quiet");

        var findings = ParseFindings(result.StandardOutput);
        var described = findings is null
            ? result.StandardOutput + result.StandardError
            : string.Join(Environment.NewLine, findings.Select(finding =>
                $"  - {finding?["code"]} (severity {finding?["severity"]}) at {string.Join('.', finding?["path"]?.AsArray().Select(p => p?.ToString()) ?? [])}: {finding?["message"]}"));
        Assert.True(
            result.ExitCode == 0 && findings is { Count: 0 },
            $"spectral exited {result.ExitCode} with findings:{Environment.NewLine}{described}{Environment.NewLine}{result.StandardError}");
    }

    private static JsonArray? ParseFindings(string output)
    {
        try
        {
            return JsonNode.Parse(output) as JsonArray;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
