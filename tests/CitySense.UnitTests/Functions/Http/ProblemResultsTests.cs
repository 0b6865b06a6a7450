using CitySense.Core.Problems;
using CitySense.Functions.Http;
using CitySense.UnitTests.Support;
using Microsoft.AspNetCore.Http;

namespace CitySense.UnitTests.Functions.Http;

public sealed class ProblemResultsTests
{
    public static TheoryData<ProblemKind, int, string> Kinds() => new()
    {
        { ProblemKind.Validation, 400, "validation" },
        { ProblemKind.MalformedJson, 400, "malformed-json" },
        { ProblemKind.UnsupportedMediaType, 415, "unsupported-media-type" },
        { ProblemKind.Unauthorized, 401, "unauthorized" },
        { ProblemKind.NotFound, 404, "not-found" },
        { ProblemKind.SensorExists, 409, "sensor-exists" },
        { ProblemKind.SensorInactive, 409, "sensor-inactive" },
        { ProblemKind.PreconditionFailed, 412, "precondition-failed" },
        { ProblemKind.PayloadTooLarge, 413, "payload-too-large" },
        { ProblemKind.ServiceUnavailable, 503, "service-unavailable" },
        { ProblemKind.Internal, 500, "internal" },
    };

    [Fact]
    public void Kinds_CoverEveryProblemKind()
    {
        var covered = Kinds().Select(row => (ProblemKind)row[0]).Order();

        Assert.Equal(Enum.GetValues<ProblemKind>().Order(), covered);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task For_EachKind_WritesItsStatusAndProblemType(ProblemKind kind, int status, string slug)
    {
        var context = HttpTestContext.Create(path: "/api/sensors/houston.clay_st.weather");
        var problem = new Problem(kind, "A title.", "A detail.");

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.For(problem, context.Request), context);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", response.ContentType);
        var body = response.Json;
        Assert.Equal($"urn:citysense:problem:{slug}", body.GetProperty("type").GetString());
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal("A title.", body.GetProperty("title").GetString());
        Assert.Equal("A detail.", body.GetProperty("detail").GetString());
        Assert.Equal("/api/sensors/houston.clay_st.weather", body.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        Assert.Null(response.Header("Retry-After"));
    }

    [Fact]
    public async Task For_ValidationProblem_WritesFieldErrors()
    {
        var context = HttpTestContext.Create();
        var problem = Problem.Validation("coordinates.lat", "must be a number between -90 and 90");

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.For(problem, context.Request), context);

        var errors = response.Json.GetProperty("errors");
        Assert.Equal("must be a number between -90 and 90", errors.GetProperty("coordinates.lat")[0].GetString());
        Assert.Equal("coordinates.lat must be a number between -90 and 90.", response.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task For_ProblemWithoutErrors_OmitsTheErrorsMember()
    {
        var context = HttpTestContext.Create();

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.For(Problem.NotFound("Gone."), context.Request), context);

        Assert.False(response.Json.TryGetProperty("errors", out _));
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "1")]
    [InlineData(2.2, "3")]
    [InlineData(30, "30")]
    public async Task For_RetryAfterSet_WritesWholeSecondsRoundedUp(double seconds, string expected)
    {
        var context = HttpTestContext.Create();
        var problem = new Problem(ProblemKind.ServiceUnavailable, "Busy.", "Busy.", RetryAfter: TimeSpan.FromSeconds(seconds));

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.For(problem, context.Request), context);

        Assert.Equal(expected, response.Header("Retry-After"));
    }

    [Fact]
    public async Task ForException_StoreUnavailable_Returns503WithItsRetryAfter()
    {
        var context = HttpTestContext.Create();
        var exception = new StoreUnavailableException("throttled", TimeSpan.FromSeconds(4), new InvalidOperationException("429"));

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.ForException(exception, context.Request), context);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("4", response.Header("Retry-After"));
        Assert.Equal("urn:citysense:problem:service-unavailable", response.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ForException_StoreUnavailableWithoutRetryAfter_StillSetsRetryAfter()
    {
        var context = HttpTestContext.Create();

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.ForException(new StoreUnavailableException("down"), context.Request), context);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("1", response.Header("Retry-After"));
    }

    [Fact]
    public async Task ForException_RequestBodyTooLarge_Returns413()
    {
        var context = HttpTestContext.Create();
        var exception = new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.ForException(exception, context.Request), context);

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("urn:citysense:problem:payload-too-large", response.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ForException_UnexpectedException_Returns500ThatRevealsNothing()
    {
        var context = HttpTestContext.Create();
        var exception = Thrown(new InvalidOperationException("AccountEndpoint=https://citysense.documents.azure.com;AccountKey=c2VjcmV0"));

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.ForException(exception, context.Request), context);

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("urn:citysense:problem:internal", response.Json.GetProperty("type").GetString());
        Assert.DoesNotContain("AccountKey", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(Thrown), response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", response.Body, StringComparison.Ordinal);
        Assert.Null(response.Header("Retry-After"));
    }

    private static InvalidOperationException Thrown(InvalidOperationException exception)
    {
        try
        {
            throw exception;
        }
        catch (InvalidOperationException caught)
        {
            Assert.NotNull(caught.StackTrace);
            return caught;
        }
    }
}
