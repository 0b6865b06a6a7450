namespace CitySense.Testing.Faults;

/// <summary>
/// Fails a share of the requests of some operations with one of some kinds of fault.
/// </summary>
/// <param name="Operations">The operations the rule applies to.</param>
/// <param name="Rate">The share of those requests that fail, from 0 to 1.</param>
/// <param name="Kinds">The kinds of fault to choose from, uniformly.</param>
public sealed record FaultRule(CosmosOperation Operations, double Rate, IReadOnlyList<FaultKind> Kinds)
{
    /// <summary>Every kind of fault the service or the network causes.</summary>
    public static IReadOnlyList<FaultKind> AllKinds { get; } =
        [FaultKind.Throttled, FaultKind.ServiceUnavailable, FaultKind.RequestTimeout, FaultKind.Gone, FaultKind.Timeout];

    /// <summary>
    /// The share of 503, 408 and timeout faults that strike after the service applied the request (the answer is
    /// lost on the way back), so a write may have happened although the app saw a failure. Throttling and 410 are
    /// always refused before anything is applied, as the service does.
    /// </summary>
    public double ResponseLostShare { get; init; } = 0.5;

    /// <summary>The <c>x-ms-retry-after-ms</c> of a throttled answer.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a <see cref="FaultKind.Timeout"/> waits before the client gives up.</summary>
    public TimeSpan TimeoutAfter { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How many requests of the rule's operations pass untouched before it starts failing them, to strike at a chosen
    /// point of a longer operation (e.g. after the first page of an export).
    /// </summary>
    public int PassFirst { get; init; }

    /// <summary>When set, only requests whose path contains it (e.g. "colls/audit", one container) are struck.</summary>
    public string? PathContains { get; init; }

    /// <summary>Fails every request of <paramref name="operations"/> with <paramref name="kind"/>.</summary>
    public static FaultRule Always(CosmosOperation operations, FaultKind kind) => new(operations, 1.0, [kind]);
}
