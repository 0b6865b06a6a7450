using System.Text;
using System.Text.Json;
using CitySense.Cosmos;

namespace CitySense.UnitTests.Cosmos;

/// <summary>
/// The serializer reads documents from their bytes and must read them exactly as the SDK's own System.Text.Json
/// serializer does (it parses the body read into a string), from every kind of stream the SDK hands over.
/// </summary>
public sealed class Utf8CosmosSerializerTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private const string Json = """{"id":"r-1","sortKey":"2026-12-03T10:00:00.0000000Z","payload":{"tempC":21.5,"note":"caf\u00e9 \ud83c\udf21"},"tags":["a","b"]}""";

    public static TheoryData<string> Streams => new() { "exposed buffer", "exposed buffer read halfway", "hidden buffer", "not seekable" };

    [Theory]
    [MemberData(nameof(Streams))]
    public void FromStream_AnyStream_ReadsWhatTheSdkSerializerReads(string kind)
    {
        var expected = JsonSerializer.Deserialize<Doc>(Json, Options)!;

        var actual = new Utf8CosmosSerializer(Options).FromStream<Doc>(StreamOf(Json, kind));

        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SortKey, actual.SortKey);
        Assert.Equal("café 🌡", actual.Payload.GetProperty("note").GetString());
        Assert.Equal(21.5, actual.Payload.GetProperty("tempC").GetDouble());
        Assert.Equal(["a", "b"], actual.Tags);
    }

    [Fact]
    public void FromStream_QueryPage_ReadsEveryDocument()
    {
        var page = new Utf8CosmosSerializer(Options).FromStream<Doc[]>(StreamOf($"[{Json},{Json.Replace("r-1", "r-2", StringComparison.Ordinal)}]", "exposed buffer"));

        Assert.Equal(["r-1", "r-2"], page.Select(doc => doc.Id));
    }

    [Fact]
    public void FromStream_EmptyBody_TheTypesDefault()
    {
        Assert.Null(new Utf8CosmosSerializer(Options).FromStream<Doc>(new MemoryStream()));
    }

    [Fact]
    public void FromStream_StreamRequested_HandedOverOpen()
    {
        var stream = StreamOf(Json, "exposed buffer");

        var result = new Utf8CosmosSerializer(Options).FromStream<Stream>(stream);

        Assert.Same(stream, result);
        Assert.True(result.CanRead);
    }

    [Fact]
    public void FromStream_Document_DisposesTheStream()
    {
        var stream = StreamOf(Json, "exposed buffer");

        new Utf8CosmosSerializer(Options).FromStream<Doc>(stream);

        Assert.False(stream.CanRead);
    }

    [Fact]
    public void ToStream_WritesTheDocumentWithTheOptionsFromTheStart()
    {
        var doc = JsonSerializer.Deserialize<Doc>(Json, Options)!;

        using var written = new StreamReader(new Utf8CosmosSerializer(Options).ToStream(doc));

        Assert.Equal(JsonSerializer.Serialize(doc, Options), written.ReadToEnd());
    }

    private static Stream StreamOf(string json, string kind)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        switch (kind)
        {
            case "exposed buffer":
                return new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
            case "exposed buffer read halfway":
                var prefixed = new MemoryStream();
                prefixed.Write("garbage"u8);
                prefixed.Write(bytes);
                prefixed.Position = "garbage"u8.Length;
                return prefixed;
            case "hidden buffer":
                return new MemoryStream(bytes, writable: false);
            default:
                return new ForwardOnlyStream(bytes);
        }
    }

    public sealed record Doc(string Id, string SortKey, JsonElement Payload, string[] Tags);

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
