namespace CitySense.Core.Audit;

/// <summary>What a registry change changed.</summary>
public enum AuditTarget
{
    Sensor,
    Grant,
}
