namespace CitySense.Core.Audit;

/// <summary>Where an audited target stands now.</summary>
public sealed record AuditedState(string Version, string Incarnation);
