using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>
/// System.Text.Json for every document, as the SDK's own serializer (UseSystemTextJsonSerializerWithOptions) writes and
/// reads them, except that a document is read from its UTF-8 bytes: the SDK's own reads every response body into a
/// string first and parses that, a UTF-16 copy of each document read, queried or returned by a patch. The buffer the
/// SDK hands over is parsed in place when it is exposed, else the stream is read as UTF-8.
/// </summary>
internal sealed class Utf8CosmosSerializer(JsonSerializerOptions options) : CosmosSerializer
{
    public override T FromStream<T>(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length == 0)
        {
            return default!;
        }

        if (typeof(Stream).IsAssignableFrom(typeof(T)))
        {
            return (T)(object)stream;
        }

        using (stream)
        {
            return Read<T>(stream, options);
        }
    }

    /// <summary>Reads a document from a response body, in place when its buffer is exposed (the stream is not disposed).</summary>
    public static T Read<T>(Stream stream, JsonSerializerOptions options) =>
        stream is MemoryStream memory && memory.TryGetBuffer(out var buffer)
            ? JsonSerializer.Deserialize<T>(buffer.AsSpan((int)memory.Position), options)!
            : JsonSerializer.Deserialize<T>(stream, options)!;

    public override Stream ToStream<T>(T input) => Write(input, options);

    /// <summary>A document's UTF-8 JSON, as the body of a request.</summary>
    public static MemoryStream Write<T>(T input, JsonSerializerOptions options)
    {
        var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            JsonSerializer.Serialize(writer, input, options);
        }

        payload.Position = 0;
        return payload;
    }
}
