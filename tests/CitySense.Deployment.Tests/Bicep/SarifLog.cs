using System.Text;
using System.Text.Json;

namespace CitySense.Deployment.Tests.Bicep;

/// <summary>
/// Reads the CLI's --diagnostics-format Sarif output. With --pattern the CLI prints one SARIF
/// document per file it read, back to back, so counting documents shows how many files were linted.
/// A result without "level" is a warning (the SARIF default).
/// </summary>
public static class SarifLog
{
    public static IReadOnlyList<IReadOnlyList<BicepDiagnostic>> ParseDocuments(string text)
    {
        var documents = new List<IReadOnlyList<BicepDiagnostic>>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            documents.Add(ParseDocument(document.RootElement));
        }

        return documents;
    }

    public static IReadOnlyList<BicepDiagnostic> Parse(string text) => [.. ParseDocuments(text).SelectMany(document => document)];

    private static List<BicepDiagnostic> ParseDocument(JsonElement root)
    {
        var diagnostics = new List<BicepDiagnostic>();
        foreach (var run in root.GetProperty("runs").EnumerateArray())
        {
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                diagnostics.Add(new BicepDiagnostic(
                    location.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? string.Empty,
                    location.GetProperty("region").GetProperty("startLine").GetInt32(),
                    result.TryGetProperty("level", out var level) ? level.GetString() ?? "warning" : "warning",
                    result.GetProperty("ruleId").GetString() ?? string.Empty,
                    result.GetProperty("message").GetProperty("text").GetString() ?? string.Empty));
            }
        }

        return diagnostics;
    }
}
