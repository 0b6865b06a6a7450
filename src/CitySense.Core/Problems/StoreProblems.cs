namespace CitySense.Core.Problems;

/// <summary>How a store outage is reported when it cannot simply propagate (e.g. for one item of a batch).</summary>
public static class StoreProblems
{
    /// <summary>A 503 problem: <paramref name="detail"/> unless the exception says more precisely what failed.</summary>
    public static Problem Unavailable(StoreUnavailableException exception, string detail)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new Problem(
            ProblemKind.ServiceUnavailable,
            "The service is temporarily unavailable.",
            exception.Detail ?? detail,
            RetryAfter: exception.RetryAfter ?? TimeSpan.FromSeconds(1));
    }
}
