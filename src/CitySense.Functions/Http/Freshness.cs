namespace CitySense.Functions.Http;

/// <summary>
/// How long a route's data may be reused without asking the API again (RFC 9111 <c>max-age</c>), chosen by what can
/// change that data. No range of history is ever immutable: ingest accepts readings dated anywhere in the retention
/// period, a sensor can be deleted (its history is then no longer served) and the retention floor moves every
/// instant, so even a range that ended long ago only changes rarely, never "not at all".
/// <see cref="CachePolicy"/> turns a freshness into the Cache-Control header.
/// </summary>
public readonly record struct Freshness
{
    /// <summary>
    /// Readings usually arrive within seconds of their timestamp: a range that ended longer ago than this changes only
    /// by late readings and deletions.
    /// </summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(5);

    private Freshness(TimeSpan? maxAge, bool storable)
    {
        MaxAge = maxAge;
        Storable = storable;
    }

    /// <summary>Latest readings (one sensor, the legacy route, near a point): a new reading may replace them at any time.</summary>
    public static Freshness Latest { get; } = new(TimeSpan.FromSeconds(5), storable: true);

    /// <summary>History reaching into the last <see cref="RecentWindow"/>: new readings land in it, like latest.</summary>
    public static Freshness RecentHistory { get; } = new(TimeSpan.FromSeconds(5), storable: true);

    /// <summary>History that ended before the <see cref="RecentWindow"/>: it changes only by late readings and deletions.</summary>
    public static Freshness PastHistory { get; } = new(TimeSpan.FromSeconds(60), storable: true);

    /// <summary>
    /// Aggregates of closed buckets only (the range ended before the settle time and <see cref="RecentWindow"/>). Not
    /// immutable, though a closed bucket is final for the database: a late reading (accepted for the whole retention
    /// period) corrects it and a deletion removes it. Five minutes bounds how long a cache may hide such a correction,
    /// while a dashboard polling every minute is still answered from cache four times out of five.
    /// </summary>
    public static Freshness ClosedAggregates { get; } = new(TimeSpan.FromMinutes(5), storable: true);

    /// <summary>Sensor listings (by filter, near a point, in a box): the registry changes rarely, their latestReadingAt often.</summary>
    public static Freshness Listing { get; } = new(TimeSpan.FromSeconds(30), storable: true);

    /// <summary>Caches may keep it but must ask again before each reuse (<c>no-cache</c>).</summary>
    public static Freshness Revalidate { get; } = new(maxAge: null, storable: true);

    /// <summary>Nothing may keep it (<c>no-store</c>): writes, errors, health.</summary>
    public static Freshness None { get; } = new(maxAge: null, storable: false);

    /// <summary>How long a response may be reused without revalidation; null when it may not be reused unasked.</summary>
    public TimeSpan? MaxAge { get; }

    /// <summary>Whether any cache may keep the response at all.</summary>
    public bool Storable { get; }

    /// <summary>The freshness of a history page or export of the range ending at <paramref name="to"/> (open when null).</summary>
    public static Freshness ForHistory(DateTimeOffset? to, DateTimeOffset now) =>
        to is { } end && end < now - RecentWindow ? PastHistory : RecentHistory;

    /// <summary>
    /// The freshness of aggregates up to <paramref name="to"/> (open when null): closed once the range ended more than
    /// <paramref name="settle"/> and <see cref="RecentWindow"/> ago, recent otherwise.
    /// </summary>
    public static Freshness ForAggregates(DateTimeOffset? to, DateTimeOffset now, TimeSpan settle) =>
        to is { } end && end < now - settle - RecentWindow ? ClosedAggregates : RecentHistory;
}
