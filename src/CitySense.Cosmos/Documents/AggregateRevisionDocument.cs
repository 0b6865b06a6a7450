namespace CitySense.Cosmos.Documents;

/// <summary>
/// A month's aggregate revision, in that month's readings partition: replaced by a new random value whenever a late
/// reading is stored, so chunks computed before it are known to be stale. Random, not counted, so a revision that
/// expired by TTL and came back can never equal an old chunk's.
/// </summary>
internal sealed record AggregateRevisionDocument
{
    public const string Key = "~rev";

    public required string Id { get; init; }

    public required string Pk { get; init; }

    public required string SortKey { get; init; }

    public required string Revision { get; init; }
}
