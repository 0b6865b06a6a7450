using System.Text.Json;
using System.Text.Json.Serialization;

namespace CitySense.Core.Json;

/// <summary>Reads RFC 3339 date-times with an offset and writes them as UTC in <see cref="Timestamps"/> format.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Stored documents carry the stored shape: parsed in place. Anything else (an API client's offset) takes the full rules.
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
            && Timestamps.TryParseStored(reader.ValueSpan, out var stored))
        {
            return stored;
        }

        if (reader.TokenType != JsonTokenType.String || !Timestamps.TryParse(reader.GetString(), out var value))
        {
            throw new JsonException("must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[Timestamps.StorageLength];
        writer.WriteStringValue(text[..Timestamps.FormatUtf8(value, text)]);
    }
}
