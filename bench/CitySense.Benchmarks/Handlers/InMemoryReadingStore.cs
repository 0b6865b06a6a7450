using CitySense.Core.Readings;

namespace CitySense.Benchmarks.Handlers;

/// <summary>Accepts every reading as new without keeping it: the store's own cost is not what is measured.</summary>
internal sealed class InMemoryReadingStore : IReadingStore
{
    public Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken) =>
        Task.FromResult(new IngestResult(reading, Created: true));

    public Task<IReadOnlyList<Reading>> ListAsync(
        ReadingBucket bucket,
        string fromSortKey,
        string beforeSortKey,
        int take,
        CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Reading>>([]);
}
