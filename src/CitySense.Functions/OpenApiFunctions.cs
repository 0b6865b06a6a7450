using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>
/// The API's own description: the contract-first OpenAPI document that API Management imports, served from this
/// assembly so it always matches the running build. Keyed like every function; API Management serves it anonymously.
/// </summary>
public sealed class OpenApiFunctions
{
    [Function(nameof(GetOpenApiYaml))]
    public IResult GetOpenApiYaml(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.yaml")] HttpRequest request) =>
        OpenApiDocument.Embedded.Yaml;

    [Function(nameof(GetOpenApiJson))]
    public IResult GetOpenApiJson(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.json")] HttpRequest request) =>
        OpenApiDocument.Embedded.Json;
}
