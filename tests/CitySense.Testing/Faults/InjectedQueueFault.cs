namespace CitySense.Testing.Faults;

/// <summary>One fault a <see cref="FaultInjectingQueuePolicy"/> injected.</summary>
/// <param name="Queue">The queue the message was for.</param>
/// <param name="Kind">What the app was told.</param>
/// <param name="ResponseLost">Whether the message was queued all the same.</param>
public sealed record InjectedQueueFault(string Queue, QueueFaultKind Kind, bool ResponseLost);
