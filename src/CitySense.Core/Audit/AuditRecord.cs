using System.Text.Json;
using CitySense.Core.Access;

namespace CitySense.Core.Audit;

/// <summary>
/// One registry change: who (caller id and product), when, what (target and operation) and the registration fields
/// before and after (never keys, never reading payloads). The versions tie the record to the change: a target at
/// <see cref="NewVersion"/> shows the change was applied.
/// </summary>
public sealed record AuditRecord
{
    public required string Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string CallerId { get; init; }

    public required string Product { get; init; }

    public required AuditTarget Target { get; init; }

    public required string TargetId { get; init; }

    /// <summary>The city of a sensor change; null for grants.</summary>
    public string? City { get; init; }

    public required AuditOperation Operation { get; init; }

    /// <summary>Registration fields before the change (null for a creation).</summary>
    public JsonElement? Before { get; init; }

    /// <summary>Registration fields after the change (null for a deletion).</summary>
    public JsonElement? After { get; init; }

    /// <summary>The target's version before the change (null for a creation).</summary>
    public string? OldVersion { get; init; }

    /// <summary>The version the change gives the target (null for a deletion).</summary>
    public string? NewVersion { get; init; }

    /// <summary>Which life of the target (a sensor id or grant can be deleted and created again).</summary>
    public required string Incarnation { get; init; }

    public required AuditStatus Status { get; init; }

    /// <summary>The pending record of a change <paramref name="caller"/> is about to make, with a time-ordered id.</summary>
    public static AuditRecord Pending(
        Caller caller,
        AuditTarget target,
        string targetId,
        string? city,
        AuditOperation operation,
        string incarnation,
        (JsonElement? Before, JsonElement? After) fields,
        (string? Old, string? New) versions,
        DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new AuditRecord
        {
            Id = Guid.CreateVersion7(time).ToString("N"),
            Time = time,
            CallerId = caller.Id,
            Product = AccessProblems.Name(caller.Product),
            Target = target,
            TargetId = targetId,
            City = city,
            Operation = operation,
            Before = fields.Before,
            After = fields.After,
            OldVersion = versions.Old,
            NewVersion = versions.New,
            Incarnation = incarnation,
            Status = AuditStatus.Pending,
        };
    }

    /// <summary>Time then id: the order of the audit trail.</summary>
    public string SortKey => Json.Timestamps.Format(Time) + "|" + Id;

    /// <summary>The month partition the record lives in.</summary>
    public AuditMonth Month => AuditMonth.For(Time);
}
