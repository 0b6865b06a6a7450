using System.Text.Json;

namespace CitySense.UnitTests.Support;

/// <summary>JSON values for tests, detached from their documents.</summary>
internal static class JsonText
{
    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>An object nested <paramref name="levels"/> deep, counting the outermost object as level 1.</summary>
    public static string Nested(int levels)
    {
        var json = "1";
        for (var level = 0; level < levels; level++)
        {
            json = $$"""{"a":{{json}}}""";
        }

        return json;
    }

    /// <summary>A flat object with <paramref name="count"/> properties.</summary>
    public static string WithProperties(int count) =>
        "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"p{i}\":{i}")) + "}";

    /// <summary>
    /// An object of exactly <paramref name="bytes"/> bytes of UTF-8, <c>{"k0":"xxx…","k1":"xxx…"}</c>, with no string
    /// longer than 4000 characters (so that only its size can break a limit).
    /// </summary>
    public static string OfSize(int bytes)
    {
        const int Chunk = 4000;
        var values = new List<int>();
        var size = 2; // the braces
        while (true)
        {
            var name = $"k{values.Count}";
            var overhead = name.Length + 5 + (values.Count > 0 ? 1 : 0); // "name":"" and a comma
            var remaining = bytes - size - overhead;
            if (remaining <= Chunk)
            {
                values.Add(remaining);
                break;
            }

            values.Add(Chunk);
            size += overhead + Chunk;
        }

        var json = "{" + string.Join(",", values.Select((length, i) => $"\"k{i}\":\"{new string('x', length)}\"")) + "}";
        return json.Length == bytes ? json : throw new InvalidOperationException($"Built {json.Length} bytes, not {bytes}.");
    }
}
