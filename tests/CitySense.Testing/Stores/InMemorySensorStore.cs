using System.Collections.Concurrent;
using CitySense.Core.Geo;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;

namespace CitySense.Testing.Stores;

/// <summary>
/// Sensors in memory with the semantics of the Cosmos adapter: create fails on an existing id, updates and the
/// moves of "latest" are conditional and atomic per sensor, listings are in id order and leave the latest reading
/// out (only its timestamp), near searches measure haversine metres. For unit tests and benchmarks; every call is
/// recorded in <see cref="Calls"/> so a test can count store operations.
/// </summary>
public sealed class InMemorySensorStore : ISensorStore
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, Sensor> sensors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> calls = new();

    /// <summary>The store methods called so far, in order (e.g. "TryAdvanceLatest", "Find").</summary>
    public IReadOnlyList<string> Calls => [.. calls];

    /// <summary>Forgets the calls recorded so far (the data stays).</summary>
    public void ResetCalls() => calls.Clear();

    /// <summary>Puts a sensor in the store as it is, replacing any with its id; not recorded as a call.</summary>
    public Sensor Add(Sensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        lock (gate)
        {
            sensors[sensor.Id.ToString()] = sensor;
        }

        return sensor;
    }

    /// <summary>The stored sensor, with its latest reading; not recorded as a call.</summary>
    public Sensor? Get(SensorId id)
    {
        lock (gate)
        {
            return sensors.GetValueOrDefault(id.ToString());
        }
    }

    public Task<bool> TryCreateAsync(Sensor sensor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        Record("TryCreate");
        lock (gate)
        {
            return Task.FromResult(sensors.TryAdd(sensor.Id.ToString(), sensor));
        }
    }

    public Task<Sensor?> FindAsync(SensorId id, CancellationToken cancellationToken)
    {
        Record("Find");
        return Task.FromResult(Get(id));
    }

    public Task<SensorWrite> UpdateAsync(
        SensorId id,
        SensorChanges changes,
        IReadOnlyCollection<string>? expectedVersions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Record("Update");
        return Task.FromResult(Write(
            id,
            sensor => expectedVersions is null || expectedVersions.Contains(sensor.Version),
            sensor => sensor with
            {
                Coordinates = changes.Coordinates,
                Status = changes.Status,
                Metadata = changes.Metadata,
                Version = changes.NewVersion,
                UpdatedAt = changes.UpdatedAt,
                UpdatedBy = changes.UpdatedBy,
            }));
    }

    public Task<StoreWriteStatus> DeleteAsync(SensorId id, string expectedVersion, CancellationToken cancellationToken)
    {
        Record("Delete");
        lock (gate)
        {
            if (!sensors.TryGetValue(id.ToString(), out var sensor))
            {
                return Task.FromResult(StoreWriteStatus.NotFound);
            }

            if (sensor.Version != expectedVersion)
            {
                return Task.FromResult(StoreWriteStatus.ConditionFailed);
            }

            sensors.Remove(id.ToString());
            return Task.FromResult(StoreWriteStatus.Written);
        }
    }

    public Task<IReadOnlyList<Sensor>> ListAsync(SensorFilter filter, string? afterId, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Record("List");
        lock (gate)
        {
            IReadOnlyList<Sensor> page =
            [
                .. sensors.Values
                    .Where(sensor => afterId is null || string.CompareOrdinal(sensor.Id.ToString(), afterId) > 0)
                    .Where(sensor => Passes(sensor, filter))
                    .Take(take)
                    .Select(AsListed),
            ];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<Sensor>> ListWithLatestAsync(SensorFilter filter, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Record("ListWithLatest");
        lock (gate)
        {
            IReadOnlyList<Sensor> found = [.. sensors.Values.Where(sensor => Passes(sensor, filter) && sensor.Latest is not null).Take(take)];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<Sensor>> ListNearAsync(
        Coordinates center,
        double innerMeters,
        double outerMeters,
        SensorFilter filter,
        bool withLatest,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Record("ListNear");
        lock (gate)
        {
            IReadOnlyList<Sensor> found =
            [
                .. sensors.Values
                    .Where(sensor => Passes(sensor, filter) && (!withLatest || sensor.Latest is not null))
                    .Where(sensor => Distance.Meters(center, sensor.Coordinates) is var meters && meters >= innerMeters && meters <= outerMeters)
                    .Select(sensor => withLatest ? sensor : AsListed(sensor)),
            ];
            return Task.FromResult(found);
        }
    }

    public Task<SensorWrite> TryAdvanceLatestAsync(SensorId id, LatestReading candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        Record("TryAdvanceLatest");
        return Task.FromResult(Write(
            id,
            sensor => sensor.Status == SensorStatus.Active
                && (sensor.Latest is null || string.CompareOrdinal(sensor.Latest.SortKey, candidate.SortKey) < 0),
            sensor => sensor with
            {
                Latest = candidate,
                LatestReadingAt = null,
                ReadingMonths = WithMonths(sensor.ReadingMonths, [ReadingBucket.MonthKeyOf(candidate.Timestamp)]),
            }));
    }

    public Task<SensorWrite> AddReadingMonthsAsync(SensorId id, IReadOnlyCollection<string> months, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(months);
        Record("AddReadingMonths");
        return Task.FromResult(Write(id, _ => true, sensor => sensor with { ReadingMonths = WithMonths(sensor.ReadingMonths, months) }));
    }

    /// <summary>Months added to a known set; an unknown set (a sensor put in with <see cref="Add"/>) stays unknown.</summary>
    private static HashSet<string>? WithMonths(IReadOnlySet<string>? known, IEnumerable<string> months) =>
        known is null ? null : [.. known, .. months];

    public Task<SensorWrite> ReplaceLatestAsync(SensorId id, LatestReading? latest, string expectedLatestId, CancellationToken cancellationToken)
    {
        Record("ReplaceLatest");
        return Task.FromResult(Write(
            id,
            sensor => sensor.Latest?.Id == expectedLatestId,
            sensor => sensor with { Latest = latest, LatestReadingAt = null }));
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        Record("Ping");
        return Task.CompletedTask;
    }

    private SensorWrite Write(SensorId id, Func<Sensor, bool> condition, Func<Sensor, Sensor> change)
    {
        lock (gate)
        {
            if (!sensors.TryGetValue(id.ToString(), out var sensor))
            {
                return SensorWrite.NotFound;
            }

            if (!condition(sensor))
            {
                return SensorWrite.ConditionFailed;
            }

            var changed = change(sensor);
            sensors[id.ToString()] = changed;
            return SensorWrite.Written(changed);
        }
    }

    private static bool Passes(Sensor sensor, SensorFilter filter) =>
        (filter.City is null || sensor.Id.City == filter.City)
        && (filter.Type is null || sensor.Id.Type == filter.Type)
        && (filter.Status is null || sensor.Status == filter.Status)
        && (filter.Box is not { } box
            || (sensor.Coordinates.Lon >= box.MinLon && sensor.Coordinates.Lon <= box.MaxLon
                && sensor.Coordinates.Lat >= box.MinLat && sensor.Coordinates.Lat <= box.MaxLat));

    /// <summary>A sensor as listings return it: the latest reading's timestamp, not the reading.</summary>
    private static Sensor AsListed(Sensor sensor) =>
        sensor with { Latest = null, LatestReadingAt = sensor.Latest?.Timestamp ?? sensor.LatestReadingAt, ReadingMonths = null };

    private void Record(string call) => calls.Enqueue(call);
}
