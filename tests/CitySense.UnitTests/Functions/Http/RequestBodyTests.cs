using System.Text;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;

namespace CitySense.UnitTests.Functions.Http;

public sealed class RequestBodyTests
{
    private const int Limit = 64;

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/merge-patch+json")]
    public async Task ReadJsonAsync_JsonContentType_ReadsTheBody(string contentType)
    {
        var context = HttpTestContext.Create("POST", body: """{"city":"houston"}""", contentType: contentType);

        var outcome = await RequestBody.ReadJsonAsync<CreateSensorRequest>(context.Request, Limit, CancellationToken.None);

        Assert.Equal("houston", outcome.Value?.City);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/jsonp")]
    public async Task ReadJsonAsync_OtherContentType_ReturnsUnsupportedMediaType(string? contentType)
    {
        var context = HttpTestContext.Create("POST", body: """{"city":"houston"}""", contentType: contentType);

        var outcome = await RequestBody.ReadJsonAsync<CreateSensorRequest>(context.Request, Limit, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.UnsupportedMediaType);
    }

    [Fact]
    public async Task ReadJsonAsync_ContentTypeNotRequired_ReadsJsonSentAsForm()
    {
        var context = HttpTestContext.Create("POST", body: """{"payload":{"tempC":21}}""", contentType: "application/x-www-form-urlencoded");

        var outcome = await RequestBody.ReadJsonAsync<LegacyIngestRequest>(
            context.Request, Limit, CancellationToken.None, requireJsonContentType: false);

        Assert.Equal(21, outcome.Value?.Payload?.GetProperty("tempC").GetInt32());
    }

    [Fact]
    public async Task ReadJsonAsync_BodyExactlyAtTheLimit_IsRead()
    {
        var body = """{"city":"houston","location":"x"}""".PadRight(Limit);

        var outcome = await ReadAsync(body);

        Assert.Equal(Limit, Encoding.UTF8.GetByteCount(body));
        Assert.True(outcome.Succeeded, outcome.Problem?.Detail);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadJsonAsync_BodyOverTheLimit_ReturnsPayloadTooLarge(bool sendContentLength)
    {
        var body = """{"city":"houston","location":"x"}""".PadRight(Limit + 1);

        var outcome = await ReadAsync(body, sendContentLength);

        ProblemAssert.Kind(outcome, ProblemKind.PayloadTooLarge);
    }

    [Fact]
    public async Task ReadJsonAsync_ContentLengthOverTheLimit_RejectsBeforeReading()
    {
        var context = HttpTestContext.Create("POST", body: "{}");
        context.Request.ContentLength = Limit + 1;

        var outcome = await RequestBody.ReadJsonAsync<CreateSensorRequest>(context.Request, Limit, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.PayloadTooLarge);
        Assert.Equal(0, context.Request.Body.Position);
    }

    [Fact]
    public async Task ReadJsonAsync_LargeBodyWithoutContentLength_ReadsNoMoreThanTheLimit()
    {
        var stream = new CountingStream(new MemoryStream(new byte[10 * 1024 * 1024]));
        var context = HttpTestContext.Create("POST");
        context.Request.Body = stream;

        var outcome = await RequestBody.ReadJsonAsync<CreateSensorRequest>(context.Request, Limit, CancellationToken.None);

        ProblemAssert.Kind(outcome, ProblemKind.PayloadTooLarge);
        Assert.InRange(stream.BytesRead, Limit + 1, Limit + 1);
    }

    [Fact]
    public async Task ReadJsonAsync_EmptyBody_ReturnsValidationForBody()
    {
        var outcome = await ReadAsync(string.Empty);

        ProblemAssert.Validation(outcome, "body");
    }

    [Fact]
    public async Task ReadJsonAsync_JsonNull_ReturnsValidationForBody()
    {
        var outcome = await ReadAsync("null");

        ProblemAssert.Validation(outcome, "body");
    }

    [Theory]
    [InlineData("""{"city":"houston""")]
    [InlineData("""{"city":}""")]
    [InlineData("{city:'houston'}")]
    [InlineData("""{"city":"houston"} trailing""")]
    [InlineData("not json")]
    public async Task ReadJsonAsync_MalformedJson_ReturnsMalformedJson(string body)
    {
        var outcome = await ReadAsync(body);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.MalformedJson);
        Assert.Contains("line 1", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonAsync_PropertyNameThatIsNotUtf8_ReturnsMalformedJson()
    {
        // 0xC3 0x28 is an invalid two-byte sequence, inside a batch item's payload name.
        var body = Encoding.UTF8.GetBytes("""{"readings":[{"sensorId":"houston.a.weather","payload":{"X":1}}]}""");
        var at = Array.IndexOf(body, (byte)'X');
        byte[] bytes = [.. body[..at], 0xC3, 0x28, .. body[(at + 1)..]];
        var context = HttpTestContext.Create("POST");
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;

        var outcome = await RequestBody.ReadJsonAsync<BatchIngestRequest>(context.Request, 1024, CancellationToken.None);

        var problem = ProblemAssert.Kind(outcome, ProblemKind.MalformedJson);
        Assert.Contains("UTF-8", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonAsync_UnknownField_ReturnsValidationNamingIt()
    {
        var outcome = await ReadAsync("""{"city":"houston","colour":"red"}""");

        var problem = ProblemAssert.Validation(outcome, "colour");
        Assert.Equal("is not a known field", problem.Errors!["colour"][0]);
    }

    [Fact]
    public async Task ReadJsonAsync_UnknownNestedField_ReturnsValidationNamingItsPath()
    {
        var outcome = await ReadAsync("""{"coordinates":{"lat":1,"lng":2}}""");

        var problem = ProblemAssert.Validation(outcome, "coordinates.lng");
        Assert.Equal("is not a known field", problem.Errors!["coordinates.lng"][0]);
    }

    [Theory]
    [InlineData("""{"city":42}""", "city")]
    [InlineData("""{"coordinates":{"lat":"north","lon":1}}""", "coordinates.lat")]
    [InlineData("""{"coordinates":{"lat":"29.7","lon":1}}""", "coordinates.lat")]
    [InlineData("""{"coordinates":[29.7,-95.3]}""", "coordinates")]
    [InlineData("""{"status":"retired"}""", "status")]
    [InlineData("""{"status":1}""", "status")]
    public async Task ReadJsonAsync_WrongType_ReturnsValidationNamingTheFieldPath(string body, string field)
    {
        var outcome = await ReadAsync(body, contentLimit: 1024);

        var problem = ProblemAssert.Validation(outcome, field);
        Assert.Equal("has the wrong type or an invalid value", problem.Errors![field][0]);
    }

    [Fact]
    public async Task ReadJsonAsync_TimestampWithoutOffset_ReturnsTheConvertersMessage()
    {
        var context = HttpTestContext.Create("POST", body: """{"timestamp":"2026-01-01T00:00:00","payload":{"v":1}}""");

        var outcome = await RequestBody.ReadJsonAsync<IngestReadingRequest>(context.Request, 1024, CancellationToken.None);

        var problem = ProblemAssert.Validation(outcome, "timestamp");
        Assert.StartsWith("must be an RFC 3339 date-time", problem.Errors!["timestamp"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadJsonAsync_TopLevelArray_ReturnsValidationForBody()
    {
        var outcome = await ReadAsync("[]");

        ProblemAssert.Validation(outcome, "body");
    }

    private static async Task<Outcome<CreateSensorRequest>> ReadAsync(string body, bool sendContentLength = true, int contentLimit = Limit)
    {
        var context = HttpTestContext.Create("POST", body: body, sendContentLength: sendContentLength);
        return await RequestBody.ReadJsonAsync<CreateSensorRequest>(context.Request, contentLimit, CancellationToken.None);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
