using CitySense.Core.Problems;

namespace CitySense.Core.Readings;

/// <summary>What happened to one batch item: stored (or already stored), or the problem that stopped it.</summary>
public sealed record BatchItemOutcome(int Index, string? SensorId, IngestResult? Result, Problem? Problem);
