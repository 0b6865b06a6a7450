namespace CitySense.Core.Audit;

/// <summary>How a registry change changed its target.</summary>
public enum AuditOperation
{
    Created,
    Updated,
    Deleted,
}
