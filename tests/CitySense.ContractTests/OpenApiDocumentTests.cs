using System.Text.Json.Nodes;
using CitySense.Functions;

namespace CitySense.ContractTests;

/// <summary>YAML to JSON as /api/openapi.json serves it: YAML 1.2 core-schema typing of plain scalars.</summary>
public sealed class OpenApiDocumentTests
{
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
    [InlineData("v: 12345678901234567890", "12345678901234567890")]
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
    public void ConvertToJson_Scalar_TypedByYamlCoreSchema(string yaml, string? expectedValue)
    {
        var json = JsonNode.Parse(OpenApiDocument.ConvertToJson(yaml))!.AsObject();

        if (expectedValue is null)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"200": {"x": []}}"""), json), json.ToJsonString());
            return;
        }

        var expected = JsonNode.Parse(expectedValue);
        Assert.True(JsonNode.DeepEquals(expected, json["v"]), $"{yaml} → {json.ToJsonString()}, expected {expectedValue}");
    }

    [Theory]
    [InlineData("v: .inf")]
    [InlineData("v: .nan")]
    [InlineData("v: 1e400")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("? [a, b]\n: c\n")]
    public void ConvertToJson_NotRepresentableAsOneJsonDocument_FormatException(string yaml)
    {
        Assert.Throws<FormatException>(() => OpenApiDocument.ConvertToJson(yaml));
    }

    [Fact]
    public void ConvertToJson_Aliases_Expanded()
    {
        var json = JsonNode.Parse(OpenApiDocument.ConvertToJson("a: &point {lat: 1.5}\nb: *point\n"))!;

        Assert.Equal(1.5, json["b"]!["lat"]!.GetValue<double>());
    }

    [Fact]
    public void Embedded_JsonText_IsTheYamlConverted()
    {
        var document = OpenApiDocument.Embedded;

        Assert.Equal(OpenApiDocument.ConvertToJson(document.YamlText), document.JsonText);
        Assert.Equal("3.0.3", JsonNode.Parse(document.JsonText)!["openapi"]!.GetValue<string>());
    }
}
