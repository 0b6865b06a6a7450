namespace CitySense.Core.Problems;

/// <summary>
/// The data store is throttling or unreachable after the client's own retries: the request may be retried later.
/// Thrown by store adapters so that the core and the HTTP layer stay free of database types.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreUnavailableException(string message, TimeSpan? retryAfter, Exception? innerException)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// What the client is told instead of the usual "the database is busy", when that would be wrong: e.g. the reading
    /// was stored but its event could not be queued. Null for a plain store outage.
    /// </summary>
    public string? Detail { get; init; }
}
