using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CitySense.Core.Paging;

/// <summary>
/// Opaque paging cursors: base64url of a small JSON record. They hold a position, not a secret; each listing checks
/// that a cursor belongs to the query it is used with.
/// </summary>
public static class CursorCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A cursor missing a field, or with a null where none belongs, is not a cursor (clients can edit them).
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,

        // A field no cursor of this listing has means it came from another listing (or was edited).
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Encode<T>(T cursor) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor, Options));

    public static bool TryDecode<T>(string? text, [NotNullWhen(true)] out T? cursor)
        where T : class
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > ApiLimits.MaxCursorLength || !Base64Url.IsValid(text))
        {
            return false;
        }

        try
        {
            cursor = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(text), Options);
            return cursor is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
