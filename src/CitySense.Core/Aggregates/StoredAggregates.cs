namespace CitySense.Core.Aggregates;

/// <summary>What one month's partition holds for an interval: its late-reading revision (null: none yet) and chunks.</summary>
public sealed record StoredAggregates(string? Revision, IReadOnlyList<AggregateChunk> Chunks);
