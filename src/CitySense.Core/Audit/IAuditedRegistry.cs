namespace CitySense.Core.Audit;

/// <summary>A registry whose changes are audited: the audit trail can check where a target is, and finish a change.</summary>
public interface IAuditedRegistry
{
    AuditTarget Target { get; }

    /// <summary>The target's current version and incarnation, or null when it does not exist.</summary>
    Task<AuditedState?> StateAsync(string targetId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the record's change, only while the target is where the change starts (absent for a creation, at
    /// <see cref="AuditRecord.OldVersion"/> otherwise): the same conditional write the original request made.
    /// </summary>
    Task RollForwardAsync(AuditRecord record, CancellationToken cancellationToken);
}
