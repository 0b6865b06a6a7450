using System.Text.Json;
using System.Text.Json.Serialization;

namespace CitySense.Core.Json;

/// <summary>Reads RFC 3339 date-times with an offset and writes them as UTC in <see cref="Timestamps"/> format.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !Timestamps.TryParse(reader.GetString(), out var value))
        {
            throw new JsonException("must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Timestamps.Format(value));
}
