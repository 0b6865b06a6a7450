namespace CitySense.Core.Problems;

/// <summary>
/// The time one request may spend on store work. Its <see cref="Token"/> is cancelled when the time is up or the
/// client goes away; <see cref="Exhausted"/> tells the two apart. Bounding the work keeps every request well inside
/// the Functions host's timeout, whose expiry restarts the worker and fails every request in flight on it.
/// </summary>
public sealed class WorkBudget : IDisposable
{
    private readonly CancellationTokenSource timeout;
    private readonly CancellationTokenSource linked;

    public WorkBudget(TimeSpan time, TimeProvider clock, CancellationToken requestAborted)
    {
        Time = time;
        timeout = new CancellationTokenSource(time, clock);
        linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, timeout.Token);
    }

    public TimeSpan Time { get; }

    public CancellationToken Token => linked.Token;

    /// <summary>The time is up (not merely the client gone).</summary>
    public bool Exhausted => timeout.IsCancellationRequested;

    public void Dispose()
    {
        linked.Dispose();
        timeout.Dispose();
    }
}
