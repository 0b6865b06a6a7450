using CitySense.Core.Audit;

namespace CitySense.Core.Sensors;

/// <summary>The sensor registry as the audit trail sees it: where a sensor stands, and how to finish a change.</summary>
public sealed class SensorAuditRegistry(ISensorStore store) : IAuditedRegistry
{
    public AuditTarget Target => AuditTarget.Sensor;

    public async Task<AuditedState?> StateAsync(string targetId, CancellationToken cancellationToken)
    {
        if (!SensorId.TryParse(targetId, out var id))
        {
            return null;
        }

        var sensor = await store.FindAsync(id, cancellationToken);
        return sensor is null ? null : new AuditedState(sensor.Version, sensor.Incarnation);
    }

    public async Task RollForwardAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!SensorId.TryParse(record.TargetId, out var id))
        {
            return;
        }

        switch (record.Operation)
        {
            case AuditOperation.Created:
                var (coordinates, status, metadata) = SensorAuditState.Read(record.After!.Value);
                await store.TryCreateAsync(
                    new Sensor
                    {
                        Id = id,
                        Coordinates = coordinates,
                        Status = status,
                        Metadata = metadata,
                        Version = record.NewVersion!,
                        Incarnation = record.Incarnation,
                        CreatedAt = record.Time,
                        UpdatedAt = record.Time,
                        CreatedBy = record.CallerId,
                        UpdatedBy = record.CallerId,
                    },
                    cancellationToken);
                break;
            case AuditOperation.Updated:
                var (newCoordinates, newStatus, newMetadata) = SensorAuditState.Read(record.After!.Value);
                await store.UpdateAsync(
                    id,
                    new SensorChanges(newCoordinates, newStatus, newMetadata, record.NewVersion!, record.Time, record.CallerId),
                    [record.OldVersion!],
                    cancellationToken);
                break;
            default:
                await store.DeleteAsync(id, record.OldVersion!, cancellationToken);
                break;
        }
    }
}
