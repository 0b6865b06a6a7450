namespace CitySense.Testing.Faults;

/// <summary>The failures the Cosmos DB service or the network can hand the SDK, as the app sees them.</summary>
public enum FaultKind
{
    /// <summary>429 Too Many Requests with <c>x-ms-retry-after-ms</c> (request rate too large).</summary>
    Throttled,

    /// <summary>503 Service Unavailable.</summary>
    ServiceUnavailable,

    /// <summary>408 Request Timeout from the service.</summary>
    RequestTimeout,

    /// <summary>410 Gone (a partition moved).</summary>
    Gone,

    /// <summary>The request never got an answer: the client gives up (an <see cref="OperationCanceledException"/>).</summary>
    Timeout,

    /// <summary>
    /// Not a service fault: an exception nobody expects (a bug), to check that the API's last resort (500) holds no
    /// internals. Not part of <see cref="FaultRule.AllKinds"/>.
    /// </summary>
    UnexpectedException,
}
