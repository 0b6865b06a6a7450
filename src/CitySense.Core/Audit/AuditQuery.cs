namespace CitySense.Core.Audit;

/// <summary>A page of the audit trail, newest first: filters, a time range (inclusive; open when null) and a position.</summary>
public sealed record AuditQuery(
    string? City,
    string? SensorId,
    string? CallerId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Limit,
    string? Cursor = null);
