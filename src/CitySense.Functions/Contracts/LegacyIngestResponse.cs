namespace CitySense.Functions.Contracts;

/// <summary>What the old system answered to an ingest: the reading's timestamp.</summary>
public sealed record LegacyIngestResponse(DateTimeOffset Timestamp);
