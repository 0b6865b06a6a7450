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
        { ProblemKind.Forbidden, 403, "forbidden" },
        { ProblemKind.CityForbidden, 403, "city-forbidden" },
        { ProblemKind.NotFound, 404, "not-found" },
        { ProblemKind.SensorExists, 409, "sensor-exists" },
        { ProblemKind.SensorInactive, 409, "sensor-inactive" },
        { ProblemKind.SubscriptionLimit, 409, "subscription-limit" },
        { ProblemKind.DeliveryConflict, 409, "delivery-conflict" },
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
    public void For_EachKind_ReturnsItsStatusAndProblemType(ProblemKind kind, int status, string slug)
    {
        var context = HttpTestContext.Create(path: "/api/sensors/houston.clay_st.weather");
        var problem = new Problem(kind, "A title.", "A detail.");

        var result = ProblemResults.For(problem, context.Request);

        Assert.Equal(status, result.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", result.ContentType);
        var document = result.Value;
        Assert.Equal($"urn:citysense:problem:{slug}", document.Type);
        Assert.Equal(status, document.Status);
        Assert.Equal("A title.", document.Title);
        Assert.Equal("A detail.", document.Detail);
        Assert.Equal("/api/sensors/houston.clay_st.weather", document.Instance);
        Assert.False(string.IsNullOrEmpty(document.TraceId));
        Assert.Null(result.RetryAfter);
    }

    // The bytes on the wire are the point: RFC 9457's media type and member names.
    [Fact]
    public async Task For_Problem_WritesAProblemDocument()
    {
        var context = HttpTestContext.Create(path: "/api/sensors/houston.clay_st.weather");
        var problem = new Problem(ProblemKind.NotFound, "A title.", "A detail.");

        var response = await HttpTestContext.ExecuteAsync(ProblemResults.For(problem, context.Request), context);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", response.ContentType);
        var body = response.Json;
        Assert.Equal("urn:citysense:problem:not-found", body.GetProperty("type").GetString());
        Assert.Equal(404, body.GetProperty("status").GetInt32());
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

    [Fact]
    public void Document_BatchItemProblem_IsTheSameDocumentForReturnsAlone()
    {
        var context = HttpTestContext.Create(path: "/api/readings");
        var problem = Problem.Validation("sensorId", "is required");

        var document = ProblemResults.Document(problem, context.Request);

        Assert.Equal(ProblemResults.For(problem, context.Request).Value, document);
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

        var result = ProblemResults.ForException(exception, context.Request);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        ProblemAssert.Result(result, 503, "service-unavailable");
        Assert.Equal(TimeSpan.FromSeconds(4), result.RetryAfter);
        Assert.Equal("4", response.Header("Retry-After"));
    }

    [Fact]
    public async Task ForException_StoreUnavailableWithoutRetryAfter_StillSetsRetryAfter()
    {
        var context = HttpTestContext.Create();

        var result = ProblemResults.ForException(new StoreUnavailableException("down"), context.Request);
        var response = await HttpTestContext.ExecuteAsync(result, context);

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), result.RetryAfter);
        Assert.Equal("1", response.Header("Retry-After"));
    }

    [Fact]
    public void ForException_StoreOutage_SaysTheDatabaseIsBusy()
    {
        var context = HttpTestContext.Create();

        var result = ProblemResults.ForException(new StoreUnavailableException("throttled", TimeSpan.FromSeconds(2), null), context.Request);

        Assert.Equal("The database is busy or unreachable. Retry after the time in Retry-After; retrying the same request is safe.", result.Value.Detail);
    }

    [Fact]
    public void ForException_StoredButNotQueued_SaysSoInsteadOfBlamingTheDatabase()
    {
        var context = HttpTestContext.Create();
        var exception = new StoreUnavailableException("The reading-events queue could not take the message.", TimeSpan.FromSeconds(5), null)
        {
            Detail = CitySense.Core.Readings.IngestService.NotQueuedDetail,
        };

        var result = ProblemResults.ForException(exception, context.Request);

        ProblemAssert.Result(result, 503, "service-unavailable");
        Assert.Equal(
            "The reading was stored but its event could not be queued; retry the request: retries are safe (the same reading id is stored once and queued again).",
            result.Value.Detail);
        Assert.Equal(TimeSpan.FromSeconds(5), result.RetryAfter);
    }

    [Fact]
    public void ForException_RequestBodyTooLarge_Returns413()
    {
        var context = HttpTestContext.Create();
        var exception = new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);

        var result = ProblemResults.ForException(exception, context.Request);

        ProblemAssert.Result(result, 413, "payload-too-large");
    }

    [Fact]
    public void ForException_OtherBadRequest_Returns500()
    {
        var context = HttpTestContext.Create();
        var exception = new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);

        var result = ProblemResults.ForException(exception, context.Request);

        ProblemAssert.Result(result, 500, "internal");
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
