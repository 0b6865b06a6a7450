namespace CitySense.Testing.Faults;

/// <summary>One fault the handler injected, for assertions and diagnostics.</summary>
/// <param name="Operation">The operation that failed.</param>
/// <param name="Kind">The fault.</param>
/// <param name="ResponseLost">True when the service applied the request and only the answer was lost.</param>
/// <param name="Path">The resource path of the request.</param>
public sealed record InjectedFault(CosmosOperation Operation, FaultKind Kind, bool ResponseLost, string Path);
