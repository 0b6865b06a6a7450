using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CitySense.ContractTests.Support;
using CitySense.Functions;
using CitySense.Testing;

namespace CitySense.ContractTests;

/// <summary>
/// The app serves the repository's document: GET /api/openapi.yaml and /api/openapi.json verbatim (the JSON is the same
/// document, as an independent YAML reader sees it), the JSON revalidatable with its ETag (the YAML always whole, so
/// generated clients get a body, never a documented 304), and the DevHost renders it at /docs.
/// In-process or against CITYSENSE_BASE_URL (func start in CI, a stage's gateway).
/// </summary>
public sealed class ServedDocumentTests(ServedApiFactory factory) : IClassFixture<ServedApiFactory>
{
    /// <summary>js-yaml (installed with Spectral) as an independent YAML reader.</summary>
    private const string YamlToJsonScript =
        "const yaml = require('js-yaml'); const fs = require('fs');" +
        "process.stdout.write(JSON.stringify((yaml.safeLoad || yaml.load)(fs.readFileSync(process.argv[1], 'utf8'))));";

    private readonly HttpClient client = factory.CreateApiClient();

    [Fact]
    public async Task GetOpenApiYaml_Get_200WithTheRepositoryFile()
    {
        var response = await client.GetAsync("openapi.yaml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Repository.OpenApiYaml, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetOpenApiJson_Get_200EqualToTheYamlParsed()
    {
        var converted = await Command.RunAsync("node", "-e", YamlToJsonScript, Repository.OpenApiPath);
        Assert.True(converted.ExitCode == 0, "js-yaml (installed with Spectral by 'npm ci' in the repository root) could not read the document: " + converted.StandardError);
        var expected = JsonNode.Parse(converted.StandardOutput);

        var response = await client.GetAsync("openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(Repository.OpenApiJson, text);
        var served = JsonNode.Parse(text);
        Assert.True(JsonNode.DeepEquals(expected, served), JsonDifference.Find(expected, served));
    }

    [Fact]
    public async Task GetOpenApiJson_Scalars_TypedAsInYaml()
    {
        var document = JsonNode.Parse(await client.GetStringAsync("openapi.json"))!;

        Assert.Equal("3.0.3", document["openapi"]!.GetValue<string>());
        Assert.Equal("1.0.0", document["info"]!["version"]!.GetValue<string>());
        Assert.Equal(30, document["components"]!["headers"]!["RetryAfter"]!["example"]!.GetValue<int>());
        Assert.Equal(29.742079, document["components"]!["schemas"]!["Coordinates"]!["properties"]!["lat"]!["example"]!.GetValue<double>());
        Assert.False(document["components"]!["parameters"]!["IfMatch"]!["required"]!.GetValue<bool>());
        var nearExample = document["paths"]!["/sensors"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["examples"]!["near"]!["value"]!.AsObject();
        Assert.True(nearExample.ContainsKey("nextCursor"));
        Assert.Null(nearExample["nextCursor"]);
        Assert.Equal("2025-03-04", document["components"]!["schemas"]!["Metadata"]!["example"]!["installedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetOpenApiJson_IfNoneMatchCurrentETag_304WithoutBody()
    {
        const string url = "openapi.json";
        var first = await client.GetAsync(url);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("no-cache", first.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetOpenApiYaml_AnyIfNoneMatch_200WholeDocumentWithoutETag()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi.yaml");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(Repository.OpenApiYaml, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetOpenApiJson_IfNoneMatchOtherETag_200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi.json");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void EmbeddedDocument_Yaml_IsTheRepositoryFile()
    {
        Assert.Equal(Repository.OpenApiYaml, OpenApiDocument.Embedded.YamlText);
    }

    [Fact]
    public void EmbeddedDocument_Json_IsTheRepositoryFile()
    {
        Assert.Equal(Repository.OpenApiJson, OpenApiDocument.Embedded.JsonText);
    }

    [InProcessFact("the interactive docs are the DevHost's own page, not part of the API")]
    public async Task Docs_Get_200HtmlPointingAtTheServedJson()
    {
        using var host = factory.CreateHostClient();
        var response = await host.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("api/openapi.json", html, StringComparison.Ordinal);
        Assert.Contains("<title>CitySense API</title>", html, StringComparison.Ordinal);
    }

    [InProcessFact("the interactive docs are the DevHost's own page, not part of the API")]
    public async Task Docs_Assets_ServedByTheDevHostNotACdn()
    {
        using var host = factory.CreateHostClient();
        var html = await host.GetStringAsync("/docs/");
        var script = await host.GetAsync("/docs/scalar.js");

        Assert.DoesNotContain("<script src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "scalar.js should be the bundled standalone script.");
    }
}
