namespace CitySense.Core.Readings;

/// <summary>One item of a batch as a client sent it: a reading and the id of its sensor.</summary>
public sealed record BatchItem(string? SensorId, ReadingDraft Reading);
