namespace CitySense.Core.Readings;

/// <summary>Settings of reading history (section "Readings").</summary>
public sealed class ReadingOptions
{
    /// <summary>How long history is kept (the readings container's TTL in Azure). Older readings are refused.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>The most readings one CSV export may hold; a larger range is refused with where to split it.</summary>
    public int MaxExportRows { get; set; } = 20_000;

    /// <summary>
    /// The most time, in seconds, one request may spend on store work (a batch, an export). It must stay well inside
    /// the Functions host's functionTimeout, whose expiry restarts the whole worker process.
    /// </summary>
    public int RequestBudgetSeconds { get; set; } = 20;

    /// <summary>
    /// Seconds after its end when an aggregate bucket is closed: computed once and kept. A reading dated more than half
    /// this before its arrival is late and makes its month's kept buckets be computed again; the other half covers how
    /// long a create may take after its arrival time was taken.
    /// </summary>
    public int AggregateSettleSeconds { get; set; } = 300;
}
