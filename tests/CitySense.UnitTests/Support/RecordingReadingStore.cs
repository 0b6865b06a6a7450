using CitySense.Core.Readings;
using CitySense.Testing.Stores;

namespace CitySense.UnitTests.Support;

/// <summary>
/// The in-memory reading store with the arguments of every listing recorded, for the tests where the walk over month
/// buckets (which buckets, from which key, how many) is the point.
/// </summary>
internal sealed class RecordingReadingStore(InMemoryReadingStore inner) : IReadingStore
{
    private readonly List<ReadingListCall> listings = [];

    /// <summary>The listings so far, in order.</summary>
    public IReadOnlyList<ReadingListCall> Listings
    {
        get
        {
            lock (listings)
            {
                return [.. listings];
            }
        }
    }

    public void ResetListings()
    {
        lock (listings)
        {
            listings.Clear();
        }
    }

    public Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken) =>
        inner.TryCreateAsync(reading, bucket, cancellationToken);

    public Task<IReadOnlyList<Reading>> ListAsync(
        ReadingBucket bucket,
        string fromSortKey,
        string beforeSortKey,
        int take,
        CancellationToken cancellationToken)
    {
        lock (listings)
        {
            listings.Add(new ReadingListCall(bucket, fromSortKey, beforeSortKey, take));
        }

        return inner.ListAsync(bucket, fromSortKey, beforeSortKey, take, cancellationToken);
    }
}
