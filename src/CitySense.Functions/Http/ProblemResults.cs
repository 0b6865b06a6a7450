using System.Diagnostics;
using CitySense.Core.Problems;
using CitySense.Functions.Contracts;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>The one place where problems and unexpected exceptions become HTTP responses.</summary>
public static class ProblemResults
{
    public const string TypePrefix = "urn:citysense:problem:";

    public static ProblemResult For(Problem problem, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new ProblemResult(Document(problem, request), problem.RetryAfter);
    }

    /// <summary>The problem document alone, e.g. for one item of a batch.</summary>
    public static ProblemDocument Document(Problem problem, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(request);
        var (status, slug) = Classify(problem.Kind);
        return new ProblemDocument
        {
            Type = TypePrefix + slug,
            Title = problem.Title,
            Status = status,
            Detail = problem.Detail,
            Instance = request.Path.Value,
            TraceId = Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier,
            Errors = problem.Errors,
        };
    }

    /// <summary>
    /// Maps an exception that escaped a function. Store outages become 503 with Retry-After (safe to retry: every
    /// write is idempotent or conditional); anything else is a 500 that says nothing about internals.
    /// </summary>
    public static ProblemResult ForException(Exception exception, HttpRequest request) => exception switch
    {
        StoreUnavailableException unavailable => For(
            StoreProblems.Unavailable(
                unavailable,
                "The database is busy or unreachable. Retry after the time in Retry-After; retrying the same request is safe."),
            request),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => For(PayloadTooLarge(0), request),
        _ => For(
            new Problem(
                ProblemKind.Internal,
                "An unexpected error occurred.",
                "The request failed on the server. Quote the traceId when you report it."),
            request),
    };

    public static Problem PayloadTooLarge(int maxBytes) => new(
        ProblemKind.PayloadTooLarge,
        "The request body is too large.",
        maxBytes > 0 ? $"The body must be at most {maxBytes} bytes." : "The body is larger than this route accepts.");

    private static (int Status, string Slug) Classify(ProblemKind kind) => kind switch
    {
        ProblemKind.Validation => (StatusCodes.Status400BadRequest, "validation"),
        ProblemKind.MalformedJson => (StatusCodes.Status400BadRequest, "malformed-json"),
        ProblemKind.UnsupportedMediaType => (StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type"),
        ProblemKind.Unauthorized => (StatusCodes.Status401Unauthorized, "unauthorized"),
        ProblemKind.Forbidden => (StatusCodes.Status403Forbidden, "forbidden"),
        ProblemKind.CityForbidden => (StatusCodes.Status403Forbidden, "city-forbidden"),
        ProblemKind.NotFound => (StatusCodes.Status404NotFound, "not-found"),
        ProblemKind.SensorExists => (StatusCodes.Status409Conflict, "sensor-exists"),
        ProblemKind.SensorInactive => (StatusCodes.Status409Conflict, "sensor-inactive"),
        ProblemKind.SubscriptionLimit => (StatusCodes.Status409Conflict, "subscription-limit"),
        ProblemKind.DeliveryConflict => (StatusCodes.Status409Conflict, "delivery-conflict"),
        ProblemKind.PreconditionFailed => (StatusCodes.Status412PreconditionFailed, "precondition-failed"),
        ProblemKind.PayloadTooLarge => (StatusCodes.Status413PayloadTooLarge, "payload-too-large"),
        ProblemKind.ServiceUnavailable => (StatusCodes.Status503ServiceUnavailable, "service-unavailable"),
        _ => (StatusCodes.Status500InternalServerError, "internal"),
    };
}
