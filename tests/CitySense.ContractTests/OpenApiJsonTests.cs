using System.Text.Json.Nodes;
using CitySense.ContractTests.Support;

namespace CitySense.ContractTests;

/// <summary>
/// openapi/openapi.json is generated from openapi/openapi.yaml ahead of time (npm run openapi:json) and committed, so
/// the app serves it without converting anything: it must be exactly what the script writes today, and the script
/// must type plain scalars by the YAML 1.2 core schema and refuse what JSON cannot hold exactly.
/// </summary>
public sealed class OpenApiJsonTests
{
    private const string RegenerateCommand = "npm run openapi:json";

    [Fact]
    public async Task CommittedJson_IsTheYamlBuiltNow()
    {
        var built = await BuildAsync(Repository.OpenApiPath);

        Assert.True(built.ExitCode == 0, "openapi/build-json.mjs failed (its package 'yaml' is installed by 'npm ci' in the repository root): " + built.StandardError);
        Assert.True(
            built.StandardOutput == Repository.OpenApiJson,
            $"openapi/openapi.json is not the JSON form of openapi/openapi.yaml. Regenerate it from the repository root with: {RegenerateCommand}");
    }

    [Fact]
    public void CommittedJson_OpenApiVersion_StringAsInYaml()
    {
        Assert.Equal("3.0.3", JsonNode.Parse(Repository.OpenApiJson)!["openapi"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("v: 42", "42")]
    [InlineData("v: -7", "-7")]
    [InlineData("v: +7", "7")]
    [InlineData("v: 007", "7")]
    [InlineData("v: 0x1F", "31")]
    [InlineData("v: 0o17", "15")]
    [InlineData("v: 29.742079", "29.742079")]
    [InlineData("v: -1.5e3", "-1500")]
    [InlineData("v: .5", "0.5")]
    [InlineData("v: 9007199254740991", "9007199254740991")]
    [InlineData("v: true", "true")]
    [InlineData("v: False", "false")]
    [InlineData("v: null", "null")]
    [InlineData("v: ~", "null")]
    [InlineData("v:", "null")]
    [InlineData("v: 3.0.3", "\"3.0.3\"")]
    [InlineData("v: '3.0.3'", "\"3.0.3\"")]
    [InlineData("v: '42'", "\"42\"")]
    [InlineData("v: \"true\"", "\"true\"")]
    [InlineData("v: !!str 42", "\"42\"")]
    [InlineData("v: yes", "\"yes\"")]
    [InlineData("v: 1_000", "\"1_000\"")]
    [InlineData("v: 2025-03-04", "\"2025-03-04\"")]
    [InlineData("v: urn:citysense:problem:validation", "\"urn:citysense:problem:validation\"")]
    [InlineData("v: |\n  line one\n  line two\n", "\"line one\\nline two\\n\"")]
    [InlineData("v: [1, a, null, {}]", "[1, \"a\", null, {}]")]
    [InlineData("'200': {x: []}", null)]
    public async Task Build_Scalar_TypedByYamlCoreSchema(string yaml, string? expectedValue)
    {
        var built = await BuildTextAsync(yaml);

        Assert.True(built.ExitCode == 0, built.StandardError);
        var json = JsonNode.Parse(built.StandardOutput)!.AsObject();
        if (expectedValue is null)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"200": {"x": []}}"""), json), json.ToJsonString());
            return;
        }

        var expected = JsonNode.Parse(expectedValue);
        Assert.True(JsonNode.DeepEquals(expected, json["v"]), $"{yaml} → {json.ToJsonString()}, expected {expectedValue}");
    }

    [Theory]
    [InlineData("v: .inf", "not a finite number")]
    [InlineData("v: .nan", "not a finite number")]
    [InlineData("v: 1e400", "not a finite number")]
    [InlineData("v: 12345678901234567890", "beyond 2^53")]
    [InlineData("a: 1\n---\nb: 2\n", "expected one YAML document, found 2")]
    [InlineData("? [a, b]\n: c\n", "not a scalar")]
    [InlineData("a: 1\na: 2\n", "unique")]
    public async Task Build_NotRepresentableAsOneJsonDocument_FailsSayingWhy(string yaml, string reason)
    {
        var built = await BuildTextAsync(yaml);

        Assert.NotEqual(0, built.ExitCode);
        Assert.Contains(reason, built.StandardError, StringComparison.Ordinal);
        Assert.Empty(built.StandardOutput);
    }

    [Fact]
    public async Task Build_Aliases_Expanded()
    {
        var built = await BuildTextAsync("a: &point {lat: 1.5}\nb: *point\n");

        Assert.Equal(1.5, JsonNode.Parse(built.StandardOutput)!["b"]!["lat"]!.GetValue<double>());
    }

    private static Task<CommandResult> BuildAsync(string yamlPath) =>
        Command.RunAsync("node", Repository.OpenApiJsonBuilder, yamlPath, "-");

    private static async Task<CommandResult> BuildTextAsync(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"citysense-openapi-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            return await BuildAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
