namespace CitySense.Core.Audit;

/// <summary>
/// Which records a listing returns: those of one city, sensor or caller when given, and only of
/// <see cref="Cities"/> when the caller may see no others (an operator: no grant records either).
/// </summary>
public sealed record AuditFilter(string? City, string? SensorId, string? CallerId, IReadOnlyList<string>? Cities = null);
