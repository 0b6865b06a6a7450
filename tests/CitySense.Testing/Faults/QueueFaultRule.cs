namespace CitySense.Testing.Faults;

/// <summary>Fails a share of the messages sent to one queue with one of some kinds of fault.</summary>
/// <param name="Queue">The queue whose sends the rule strikes (e.g. <c>reading-events</c>).</param>
/// <param name="Rate">The share of those sends that fail, from 0 to 1.</param>
/// <param name="Kinds">The kinds of fault to choose from, uniformly.</param>
public sealed record QueueFaultRule(string Queue, double Rate, IReadOnlyList<QueueFaultKind> Kinds)
{
    /// <summary>Every kind of fault the service or the network causes.</summary>
    public static IReadOnlyList<QueueFaultKind> AllKinds { get; } =
        [QueueFaultKind.ServerBusy, QueueFaultKind.InternalError, QueueFaultKind.Unreachable, QueueFaultKind.Timeout];

    /// <summary>
    /// The share of faults that strike after the service stored the message (the answer is lost on the way back): the
    /// app sees a failure although the message is queued, and its retry queues it again.
    /// </summary>
    public double ResponseLostShare { get; init; } = 0.5;
}
