using CitySense.Core.Audit;

namespace CitySense.Core.Access;

/// <summary>The grants as the audit trail sees them: where a grant stands, and how to finish a change.</summary>
public sealed class GrantAuditRegistry(IGrantStore store) : IAuditedRegistry
{
    public AuditTarget Target => AuditTarget.Grant;

    public async Task<AuditedState?> StateAsync(string targetId, CancellationToken cancellationToken)
    {
        var grant = await store.FindAsync(targetId, cancellationToken);
        return grant is null ? null : new AuditedState(grant.Version, GrantAuditState.Incarnation(grant));
    }

    public async Task RollForwardAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        switch (record.Operation)
        {
            case AuditOperation.Created:
                var (name, cities) = GrantAuditState.Read(record.After!.Value);
                await store.TryCreateAsync(
                    new Grant
                    {
                        CallerId = record.TargetId,
                        Name = name,
                        Cities = cities,
                        Version = record.NewVersion!,
                        CreatedAt = record.Time,
                        UpdatedAt = record.Time,
                        CreatedBy = record.CallerId,
                        UpdatedBy = record.CallerId,
                    },
                    cancellationToken);
                break;
            case AuditOperation.Updated:
                if (await store.FindAsync(record.TargetId, cancellationToken) is { } current)
                {
                    var (newName, newCities) = GrantAuditState.Read(record.After!.Value);
                    await store.ReplaceAsync(
                        current with
                        {
                            Name = newName,
                            Cities = newCities,
                            Version = record.NewVersion!,
                            UpdatedAt = record.Time,
                            UpdatedBy = record.CallerId,
                        },
                        record.OldVersion!,
                        cancellationToken);
                }

                break;
            default:
                await store.DeleteAsync(record.TargetId, record.OldVersion!, cancellationToken);
                break;
        }
    }
}
