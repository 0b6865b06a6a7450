using System.Diagnostics.CodeAnalysis;

namespace CitySense.Core.Aggregates;

/// <summary>
/// A bucket length of the aggregate API, aligned to UTC (midnight, the hour, the minute). Closed buckets are kept in
/// chunks of <see cref="ChunkLength"/>: six hours of one-minute buckets, one day of every longer interval, so a chunk
/// never crosses a month (the readings' partition) and a stale chunk is recomputed from at most a day of readings.
/// </summary>
public sealed record AggregateInterval
{
    public static readonly IReadOnlyList<AggregateInterval> All =
    [
        new("1m", TimeSpan.FromMinutes(1), TimeSpan.FromHours(6)),
        new("5m", TimeSpan.FromMinutes(5), TimeSpan.FromDays(1)),
        new("15m", TimeSpan.FromMinutes(15), TimeSpan.FromDays(1)),
        new("1h", TimeSpan.FromHours(1), TimeSpan.FromDays(1)),
        new("6h", TimeSpan.FromHours(6), TimeSpan.FromDays(1)),
        new("1d", TimeSpan.FromDays(1), TimeSpan.FromDays(1)),
    ];

    /// <summary>One bucket for all time: summaries of latest readings.</summary>
    internal static readonly AggregateInterval Everything = new("all", TimeSpan.FromTicks(DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);

    public const string Rule = "must be one of 1m, 5m, 15m, 1h, 6h, 1d";

    private AggregateInterval(string name, TimeSpan length, TimeSpan chunkLength)
    {
        Name = name;
        Length = length;
        ChunkLength = chunkLength;
    }

    public string Name { get; }

    public TimeSpan Length { get; }

    public TimeSpan ChunkLength { get; }

    public static bool TryParse(string? name, [NotNullWhen(true)] out AggregateInterval? interval)
    {
        interval = All.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));
        return interval is not null;
    }

    /// <summary>The start of the bucket holding <paramref name="time"/>.</summary>
    public DateTimeOffset BucketOf(DateTimeOffset time) => Floor(time, Length);

    /// <summary>The start of the chunk holding <paramref name="time"/>.</summary>
    public DateTimeOffset ChunkOf(DateTimeOffset time) => Floor(time, ChunkLength);

    public override string ToString() => Name;

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan length)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % length.Ticks), TimeSpan.Zero);
    }
}
