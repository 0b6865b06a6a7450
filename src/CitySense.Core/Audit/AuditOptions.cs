namespace CitySense.Core.Audit;

/// <summary>Settings of the audit trail (section "Audit").</summary>
public sealed class AuditOptions
{
    /// <summary>How long records are kept (the audit container's TTL in Azure); older ones are not listed.</summary>
    public int RetentionDays { get; set; } = 400;
}
