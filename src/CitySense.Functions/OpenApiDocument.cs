using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CitySense.Functions;

/// <summary>
/// The contract-first OpenAPI document (openapi/openapi.yaml), embedded in this assembly so the app serves exactly
/// the version it was built with, whatever the file system holds. The YAML is served as written; the JSON form is
/// converted once, on first use, with YAML 1.2 core-schema typing: plain <c>42</c>, <c>4.5</c>, <c>true</c> and
/// <c>null</c> become JSON numbers, booleans and null, quoted scalars stay strings (<c>'3.0.3'</c> and <c>3.0.3</c>
/// are both strings).
/// </summary>
public sealed partial class OpenApiDocument
{
    /// <summary>The manifest resource name given in CitySense.Functions.csproj.</summary>
    public const string ResourceName = "CitySense.Functions.openapi.yaml";

    private const string CoreSchemaTagPrefix = "tag:yaml.org,2002:";

    private static readonly Lazy<OpenApiDocument> EmbeddedDocument = new(LoadEmbedded);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,

        // Served as application/json, never inside HTML: keep quotes, '<' and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private OpenApiDocument(string yamlText)
    {
        YamlText = yamlText;
        JsonText = ConvertToJson(yamlText);
        Yaml = new Representation("application/yaml; charset=utf-8", Encoding.UTF8.GetBytes(YamlText));
        Json = new Representation("application/json; charset=utf-8", Encoding.UTF8.GetBytes(JsonText));
    }

    /// <summary>The document embedded in this assembly, loaded and converted once per process.</summary>
    public static OpenApiDocument Embedded => EmbeddedDocument.Value;

    /// <summary>The document as kept in the repository.</summary>
    public string YamlText { get; }

    /// <summary>The same document as JSON.</summary>
    public string JsonText { get; }

    /// <summary>Serves <see cref="YamlText"/> with an ETag (304 on a matching If-None-Match).</summary>
    public IActionResult Yaml { get; }

    /// <summary>Serves <see cref="JsonText"/> with an ETag (304 on a matching If-None-Match).</summary>
    public IActionResult Json { get; }

    /// <summary>Converts a single-document YAML text to indented JSON (YAML 1.2 core schema for plain scalars).</summary>
    /// <exception cref="FormatException">The YAML is not one document, or holds something JSON cannot represent.</exception>
    public static string ConvertToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"The OpenAPI document is not valid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new FormatException($"Expected one YAML document, found {stream.Documents.Count}.");
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, stream.Documents[0].RootNode);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static OpenApiDocument LoadEmbedded()
    {
        using var resource = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The OpenAPI document is not embedded as '{ResourceName}'.");
        using var reader = new StreamReader(resource, Encoding.UTF8);
        return new OpenApiDocument(reader.ReadToEnd());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new FormatException($"Mapping key at {key.Start} is not a scalar; JSON keys are strings.");
                    }

                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new FormatException($"Unsupported YAML node {node.NodeType} at {node.Start}.");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
        var kind = tag switch
        {
            null when scalar.Style is ScalarStyle.Plain => Resolve(text),
            null => ScalarKind.String,
            CoreSchemaTagPrefix + "str" => ScalarKind.String,
            CoreSchemaTagPrefix + "null" => ScalarKind.Null,
            CoreSchemaTagPrefix + "bool" => ScalarKind.Bool,
            CoreSchemaTagPrefix + "int" => ScalarKind.Int,
            CoreSchemaTagPrefix + "float" => ScalarKind.Float,
            _ => throw new FormatException($"Unsupported YAML tag '{tag}' at {scalar.Start}."),
        };

        switch (kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Bool:
                writer.WriteBooleanValue(ParseBool(text, scalar));
                break;
            case ScalarKind.Int when JsonNumber().IsMatch(text):
                writer.WriteRawValue(text);
                break;
            case ScalarKind.Int:
                writer.WriteRawValue(ParseInteger(text, scalar).ToString(CultureInfo.InvariantCulture));
                break;
            case ScalarKind.Float:
                // Written as in the YAML when that is JSON number syntax, so no digit is lost or added.
                var value = ParseFloat(text, scalar);
                if (JsonNumber().IsMatch(text))
                {
                    writer.WriteRawValue(text);
                }
                else
                {
                    writer.WriteNumberValue(value);
                }

                break;
            default:
                writer.WriteStringValue(text);
                break;
        }
    }

    /// <summary>The YAML 1.2 core schema's resolution of an untagged plain scalar.</summary>
    private static ScalarKind Resolve(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Bool,
        _ when CoreInt().IsMatch(text) => ScalarKind.Int,
        _ when CoreFloat().IsMatch(text) => ScalarKind.Float,
        _ => ScalarKind.String,
    };

    private static bool ParseBool(string text, YamlScalarNode scalar) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => throw new FormatException($"'{text}' at {scalar.Start} is not a boolean."),
    };

    private static BigInteger ParseInteger(string text, YamlScalarNode scalar)
    {
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('+', '-');
        BigInteger value;
        if (digits.StartsWith("0x", StringComparison.Ordinal))
        {
            value = BigInteger.Parse("0" + digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else if (digits.StartsWith("0o", StringComparison.Ordinal))
        {
            value = digits[2..].Aggregate(BigInteger.Zero, (total, digit) => (total * 8) + (digit - '0'));
        }
        else if (!BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            throw new FormatException($"'{text}' at {scalar.Start} is not an integer.");
        }

        return negative ? -value : value;
    }

    private static double ParseFloat(string text, YamlScalarNode scalar)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException($"'{text}' at {scalar.Start} is not a finite number; JSON cannot represent it.");
        }

        return value;
    }

    [GeneratedRegex("^[-+]?([0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreInt();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex CoreFloat();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();

    private enum ScalarKind
    {
        String,
        Null,
        Bool,
        Int,
        Float,
    }

    /// <summary>
    /// One serialized form of the document. The body only changes with a new build, so clients may keep it and
    /// revalidate with If-None-Match (answered 304 without a body).
    /// </summary>
    private sealed class Representation(string contentType, byte[] body) : IActionResult
    {
        private const string CacheControl = "public, no-cache";

        private readonly string etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";

        public async Task ExecuteResultAsync(ActionContext context)
        {
            var request = context.HttpContext.Request;
            var response = context.HttpContext.Response;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = CacheControl;
            if (Matches(request.Headers.IfNoneMatch.ToString()))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }

        /// <summary>If-None-Match uses weak comparison (RFC 9110 13.1.2): W/"x" matches "x".</summary>
        private bool Matches(string ifNoneMatch) =>
            ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Any(tag => tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == etag);
    }
}
