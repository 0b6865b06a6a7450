namespace CitySense.Capacity;

/// <summary>
/// How the sensors container is partitioned: this decides which logical and physical partition one city's writes
/// land on. The readings container is partitioned by sensor and month in every case (<c>/pk</c> =
/// <c>{sensorId}|{incarnation}|{yyyy-MM}</c>), so its hottest logical partition is always one sensor-month.
/// </summary>
internal enum Partitioning
{
    /// <summary>
    /// <c>/city</c> (before issue 16): one city's sensors are one logical partition, capped at 10,000 RU/s and 20 GB.
    /// </summary>
    City,

    /// <summary>
    /// Hierarchical <c>/city</c> + <c>/id</c>: each sensor is its own logical partition, listing a city stays a prefix
    /// query. Cosmos DB keeps the items of one first-level value (one city) on one physical partition until it splits
    /// at 50 GB, so a city's writes still share that partition's 10,000 RU/s.
    /// </summary>
    CityThenId,

    /// <summary><c>/id</c>: sensors hashed over every physical partition; listing a city fans out to all of them.</summary>
    Id,
}
