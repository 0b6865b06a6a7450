using System.Buffers;
using System.Text.Unicode;
using System.Text.Json;
using CitySense.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>Reads a JSON request body within a size limit, turning every way it can be wrong into a problem.</summary>
public static class RequestBody
{
    public static async Task<Outcome<T>> ReadJsonAsync<T>(
        HttpRequest request,
        int maxBytes,
        CancellationToken cancellationToken,
        bool requireJsonContentType = true)
        where T : class
    {
        if (requireJsonContentType && !IsJson(request.ContentType))
        {
            return new Problem(
                ProblemKind.UnsupportedMediaType,
                "The content type is not supported.",
                "Send the body as JSON with 'Content-Type: application/json'.");
        }

        if (request.ContentLength > maxBytes)
        {
            return ProblemResults.PayloadTooLarge(maxBytes);
        }

        // The body is read into a pooled buffer: nothing deserialized refers to it afterwards (strings are copied and
        // JsonElement values get documents of their own), so it goes back to the pool when this method returns.
        var (buffer, length) = await ReadUpToAsync(request.Body, maxBytes + 1, request.ContentLength, cancellationToken);
        try
        {
            var body = buffer.AsMemory(0, length);
            if (body.Length > maxBytes)
            {
                return ProblemResults.PayloadTooLarge(maxBytes);
            }

            if (body.Length == 0)
            {
                return Problem.Validation("body", "is required");
            }

            // The JSON reader leaves property names unchecked until they are read as text: bytes that are not UTF-8
            // would otherwise surface later, item by item, instead of as the malformed body they are.
            if (!Utf8.IsValid(body.Span))
            {
                return new Problem(ProblemKind.MalformedJson, "The body is not valid JSON.", "The body is not valid UTF-8 text.");
            }

            try
            {
                var value = JsonSerializer.Deserialize<T>(body.Span, CitySenseJson.Options);
                return value is null ? Problem.Validation("body", "must be a JSON object") : value;
            }
            catch (JsonException ex)
            {
                return Describe(ex, body);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var parameters = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (parameters < 0 ? contentType.AsSpan() : contentType.AsSpan(0, parameters)).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static Problem Describe(JsonException exception, ReadOnlyMemory<byte> body)
    {
        if (!IsWellFormed(body))
        {
            return new Problem(
                ProblemKind.MalformedJson,
                "The body is not valid JSON.",
                $"The JSON is malformed near line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}.");
        }

        var field = FieldName(exception.Path);
        var message = exception.Message switch
        {
            var m when m.StartsWith("must ", StringComparison.Ordinal) => m,
            var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "is not a known field",
            _ => "has the wrong type or an invalid value",
        };
        return Problem.Validation(field, message);
    }

    private static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length > 200 ? field[..200] : field;
    }

    private static bool IsWellFormed(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = CitySenseJson.Options.MaxDepth });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes into a buffer rented from the shared pool (the caller returns it),
    /// sized from Content-Length when the client sent one, so a small body never costs a large buffer.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadUpToAsync(
        Stream stream,
        int limit,
        long? contentLength,
        CancellationToken cancellationToken)
    {
        // One byte more than announced, so the read that finds the end of the body needs no second buffer.
        var initial = contentLength is { } announced && announced < limit ? (int)announced + 1 : 16 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, initial));
        var length = 0;
        try
        {
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }
}
