using CitySense.Core.Readings;

namespace CitySense.UnitTests.Support;

/// <summary>
/// A reading store whose calls, once <see cref="Hold"/> is set, wait until their cancellation token fires: a
/// database that stops answering, for tests of what a request does when its time is up.
/// </summary>
internal sealed class GatedReadingStore(IReadingStore inner) : IReadingStore
{
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Hold { get; set; }

    /// <summary>Completes when the first call is being held.</summary>
    public Task Entered => entered.Task;

    public async Task<IngestResult> TryCreateAsync(Reading reading, ReadingBucket bucket, CancellationToken cancellationToken)
    {
        await WaitIfHeldAsync(cancellationToken);
        return await inner.TryCreateAsync(reading, bucket, cancellationToken);
    }

    public async Task<IReadOnlyList<Reading>> ListAsync(
        ReadingBucket bucket,
        string fromSortKey,
        string beforeSortKey,
        int take,
        CancellationToken cancellationToken)
    {
        await WaitIfHeldAsync(cancellationToken);
        return await inner.ListAsync(bucket, fromSortKey, beforeSortKey, take, cancellationToken);
    }

    private async Task WaitIfHeldAsync(CancellationToken cancellationToken)
    {
        if (Hold)
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }
}
