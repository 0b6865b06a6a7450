namespace CitySense.Core.Sensors;

/// <summary>Where sensors (and each sensor's latest reading) are kept.</summary>
public interface ISensorStore
{
    /// <summary>Stores a new sensor; false when one with that id exists.</summary>
    Task<bool> TryCreateAsync(Sensor sensor, CancellationToken cancellationToken);

    Task<Sensor?> FindAsync(SensorId id, CancellationToken cancellationToken);

    /// <summary>Replaces the mutable fields, only if the stored version is one of <paramref name="expectedVersions"/> (when given).</summary>
    Task<SensorWrite> UpdateAsync(SensorId id, SensorChanges changes, IReadOnlyCollection<string>? expectedVersions, CancellationToken cancellationToken);

    /// <summary>Deletes a sensor, only while it is at <paramref name="expectedVersion"/>.</summary>
    Task<StoreWriteStatus> DeleteAsync(SensorId id, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="take"/> sensors with ids after <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<Sensor>> ListAsync(SensorFilter filter, string? afterId, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Sensors whose coordinates lie from <paramref name="innerMeters"/> to <paramref name="outerMeters"/> from
    /// <paramref name="center"/> (the database's spatial distance, approximately), in no particular order; with
    /// <paramref name="withLatest"/> only sensors that have a reading, and with it loaded.
    /// </summary>
    Task<IReadOnlyList<Sensor>> ListNearAsync(
        Coordinates center,
        double innerMeters,
        double outerMeters,
        SensorFilter filter,
        bool withLatest,
        CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> sensors matching <paramref name="filter"/> that have a reading, with it loaded, in
    /// no particular order: one query.
    /// </summary>
    Task<IReadOnlyList<Sensor>> ListWithLatestAsync(SensorFilter filter, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="candidate"/> the sensor's latest reading only if the sensor is active and the candidate
    /// sorts after the current latest, recording the candidate's month in <see cref="Sensor.ReadingMonths"/> in the same
    /// write. ConditionFailed when not (inactive, older, or the same reading).
    /// </summary>
    Task<SensorWrite> TryAdvanceLatestAsync(SensorId id, LatestReading candidate, CancellationToken cancellationToken);

    /// <summary>Adds months (<c>yyyy-MM</c>) to <see cref="Sensor.ReadingMonths"/>; one write. NotFound when the sensor is gone.</summary>
    Task<SensorWrite> AddReadingMonthsAsync(SensorId id, IReadOnlyCollection<string> months, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the latest reading (null removes it) only while it is still the reading with id
    /// <paramref name="expectedLatestId"/>; used to repair a wrong copy (see IngestService). ConditionFailed when
    /// "latest" has moved on meanwhile.
    /// </summary>
    Task<SensorWrite> ReplaceLatestAsync(SensorId id, LatestReading? latest, string expectedLatestId, CancellationToken cancellationToken);

    /// <summary>Checks that the store answers.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
