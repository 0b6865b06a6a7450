namespace CitySense.Core.Readings;

/// <summary>
/// A history range ready to be written out: the payload columns found in it, and the readings, newest first,
/// read page by page from the store as they are enumerated (never all in memory).
/// </summary>
public sealed record ReadingExport(string SensorId, IReadOnlyList<string> Columns, Func<CancellationToken, IAsyncEnumerable<Reading>> Rows);
