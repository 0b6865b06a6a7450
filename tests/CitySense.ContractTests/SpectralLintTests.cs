using System.Text.Json.Nodes;
using CitySense.ContractTests.Support;

namespace CitySense.ContractTests;

/// <summary>
/// The document lints clean with Spectral: every spectral:oas rule and every rule of the OWASP API Security ruleset
/// (@stoplight/spectral-owasp-ruleset); each rule turned off, everywhere or at named places, says why in
/// openapi/.spectral.yaml. Exit code 0 and no findings of any severity.
/// </summary>
public sealed class SpectralLintTests
{
    [Fact]
    public async Task Document_SpectralOasAndOwaspRulesets_NoFindings()
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

    [Fact]
    public async Task Ruleset_UnboundedSchemaOutsideTheOverrides_ReportedByOwasp()
    {
        // Guards the test above against passing because the OWASP rules are missing or an override reaches too far.
        // Next to the installed packages: Spectral resolves the OWASP ruleset from the folder of the ruleset file.
        var directory = Directory.CreateDirectory(Path.Combine(Repository.Root, "node_modules", ".cache", $"citysense-spectral-{Guid.NewGuid():N}"));
        try
        {
            var yaml = Repository.OpenApiYaml.Replace(
                "\n  schemas:\n",
                "\n  schemas:\n    Unbounded:\n      type: object\n      additionalProperties: true\n      properties:\n        note:\n          type: string\n",
                StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "openapi.yaml"), yaml);
            File.Copy(Path.Combine(Repository.Root, "openapi", ".spectral.yaml"), Path.Combine(directory.FullName, ".spectral.yaml"));

            var result = await Command.RunAsync(
                Repository.NodeTool("spectral"),
                "lint", Path.Combine(directory.FullName, "openapi.yaml"),
                "--ruleset", Path.Combine(directory.FullName, ".spectral.yaml"),
                "--format", "json",
                "--quiet");

            var codes = (ParseFindings(result.StandardOutput) ?? [])
                .Select(finding => $"{finding?["code"]} {string.Join('.', finding?["path"]?.AsArray().Select(p => p?.ToString()) ?? [])}")
                .ToList();
            Assert.True(codes.Count > 0, result.StandardOutput + result.StandardError);
            Assert.Contains("owasp:api4:2023-string-limit components.schemas.Unbounded.properties.note", codes);
            Assert.Contains("owasp:api4:2023-string-restricted components.schemas.Unbounded.properties.note", codes);
            Assert.Contains("owasp:api3:2023-no-additionalProperties components.schemas.Unbounded.additionalProperties", codes);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
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
