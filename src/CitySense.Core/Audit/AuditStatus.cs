namespace CitySense.Core.Audit;

/// <summary>
/// Where a record stands. It is written <see cref="Pending"/> before its change; <see cref="Committed"/> once the
/// change is known to be applied; <see cref="Abandoned"/> once it is known the change never will be.
/// </summary>
public enum AuditStatus
{
    Pending,
    Committed,
    Abandoned,
}
