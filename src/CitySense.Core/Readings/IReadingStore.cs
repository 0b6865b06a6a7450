namespace CitySense.Core.Readings;

/// <summary>Where reading history is kept, one partition per <see cref="ReadingBucket"/>.</summary>
public interface IReadingStore
{
    /// <summary>Stores the reading unless its id is in the bucket already; returns what is stored.</summary>
    Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> readings of one bucket with <paramref name="fromSortKey"/> &lt;= sort key &lt;
    /// <paramref name="beforeSortKey"/>, newest first.
    /// </summary>
    Task<IReadOnlyList<Reading>> ListAsync(
        ReadingBucket bucket,
        string fromSortKey,
        string beforeSortKey,
        int take,
        CancellationToken cancellationToken);
}
