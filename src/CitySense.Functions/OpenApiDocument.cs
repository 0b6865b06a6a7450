using System.Text;
using CitySense.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions;

/// <summary>
/// The contract-first OpenAPI document, embedded in this assembly in both forms so the app serves exactly the version
/// it was built with, whatever the file system holds: openapi/openapi.yaml as written, and openapi/openapi.json,
/// generated from it ahead of time (<c>npm run openapi:json</c>; the contract tests fail while the two differ).
/// Nothing is converted at run time: both are served as the bytes they were built with.
/// </summary>
public sealed class OpenApiDocument
{
    /// <summary>The manifest resource names given in CitySense.Functions.csproj.</summary>
    public const string YamlResourceName = "CitySense.Functions.openapi.yaml";

    public const string JsonResourceName = "CitySense.Functions.openapi.json";

    private static readonly Lazy<OpenApiDocument> EmbeddedDocument = new(LoadEmbedded);

    private OpenApiDocument(byte[] yaml, byte[] json)
    {
        YamlText = Encoding.UTF8.GetString(yaml);
        JsonText = Encoding.UTF8.GetString(json);
        Yaml = new Representation("application/yaml; charset=utf-8", yaml, revalidatable: false);
        Json = new Representation("application/json; charset=utf-8", json, revalidatable: true);
    }

    /// <summary>The document embedded in this assembly, read once per process.</summary>
    public static OpenApiDocument Embedded => EmbeddedDocument.Value;

    /// <summary>The document as kept in the repository.</summary>
    public string YamlText { get; }

    /// <summary>The same document as JSON.</summary>
    public string JsonText { get; }

    /// <summary>
    /// Serves <see cref="YamlText"/>, always whole and without an ETag: a documented 304 would make Kiota generate a
    /// method that returns nothing for it. Copies are revalidated through the JSON form.
    /// </summary>
    public IResult Yaml { get; }

    /// <summary>Serves <see cref="JsonText"/> with an ETag (304 on a matching If-None-Match).</summary>
    public IResult Json { get; }

    private static OpenApiDocument LoadEmbedded() => new(Read(YamlResourceName), Read(JsonResourceName));

    private static byte[] Read(string resourceName)
    {
        using var resource = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The OpenAPI document is not embedded as '{resourceName}'.");
        using var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// One serialized form of the document. The body only changes with a new build, so a revalidatable form carries an
    /// ETag and answers a matching If-None-Match with 304 without a body: no database is involved, so that 304 costs
    /// nothing but the call. Caches may keep either form but must revalidate it before each reuse.
    /// </summary>
    private sealed class Representation(string contentType, byte[] body, bool revalidatable) : IResult
    {
        private readonly string etag = ETags.ForContent(body);

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var request = httpContext.Request;
            var response = httpContext.Response;
            response.Headers.CacheControl = CachePolicy.CacheControl(request, Freshness.Revalidate);
            if (revalidatable)
            {
                response.Headers.ETag = etag;
            }

            if (revalidatable && ETags.NoneMatchNames(request.GetTypedHeaders().IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
