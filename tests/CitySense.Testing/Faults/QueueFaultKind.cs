namespace CitySense.Testing.Faults;

/// <summary>The failures an Azure Storage queue client hands the app once its own retries are exhausted.</summary>
public enum QueueFaultKind
{
    /// <summary>The service answered 503 Server Busy (a <c>RequestFailedException</c> with status 503).</summary>
    ServerBusy,

    /// <summary>The service answered 500 (a <c>RequestFailedException</c> with status 500).</summary>
    InternalError,

    /// <summary>The service could not be reached: the retry policy's <c>AggregateException</c> of connection failures.</summary>
    Unreachable,

    /// <summary>No answer within the network timeout: the retry policy's <c>AggregateException</c> of timeouts.</summary>
    Timeout,
}
