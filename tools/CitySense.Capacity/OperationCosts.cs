namespace CitySense.Capacity;

/// <summary>
/// Request units of the Cosmos DB operations CitySense runs, per operation. A 1 KB point read costing 1 RU is Azure's
/// published reference; the write and query figures are the estimates of docs/cost.md (the local server reports 1 RU
/// for everything), to be replaced by the <c>x-ms-request-charge</c> a real account or the emulator returns.
/// Operations per API request are measured and asserted (RoundTripTests): ingest = patch + create, latest = 1 read.
/// </summary>
internal static class OperationCosts
{
    /// <summary>Point read of the sensor document (about 1 KB with a small latest payload).</summary>
    public const double LatestRead = 1;

    /// <summary>Conditional patch of the sensor's <c>latest</c>: rewrites the ~1 KB sensor and re-indexes it.</summary>
    public const double LatestPatch = 8;

    /// <summary>Create of one reading (~0.5 KB, two indexed paths).</summary>
    public const double ReadingCreate = 5;

    /// <summary>Future aggregates, assumed to be one query inside one sensor-month partition.</summary>
    public const double AggregateRead = 3;

    /// <summary>Stored size of one reading with its index, in KB.</summary>
    public const double ReadingStoredKb = 0.55;

    /// <summary>Stored size of one sensor document with its latest reading and index, in KB.</summary>
    public const double SensorStoredKb = 1.5;

    /// <summary>Ingest: one patch of latest and one create per reading.</summary>
    public const double PerReading = LatestPatch + ReadingCreate;
}
