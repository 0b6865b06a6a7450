namespace CitySense.Core.Readings;

/// <summary>A stored reading, and whether this request stored it (false: it was there already).</summary>
public sealed record IngestResult(Reading Reading, bool Created);
