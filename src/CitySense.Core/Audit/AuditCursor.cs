namespace CitySense.Core.Audit;

/// <summary>Position in the audit trail: the last sort key returned, and the query it belongs to.</summary>
public sealed record AuditCursor(string Before, string From, string To, string? City, string? SensorId, string? CallerId);
