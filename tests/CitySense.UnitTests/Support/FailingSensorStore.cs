using CitySense.Core.Geo;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;

namespace CitySense.UnitTests.Support;

/// <summary>
/// Passes every call to a store, except that the next call of <see cref="FailNext"/> fails the way a store outage
/// does — before the write (<see cref="Applied"/> false) or after it was applied (the answer lost on the way back).
/// </summary>
internal sealed class FailingSensorStore(ISensorStore inner) : ISensorStore
{
    public string? FailNext { get; set; }

    public bool Applied { get; set; }

    public async Task<bool> TryCreateAsync(Sensor sensor, CancellationToken cancellationToken) =>
        await Run(nameof(TryCreateAsync), () => inner.TryCreateAsync(sensor, cancellationToken));

    public Task<Sensor?> FindAsync(SensorId id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public async Task<SensorWrite> UpdateAsync(SensorId id, SensorChanges changes, IReadOnlyCollection<string>? expectedVersions, CancellationToken cancellationToken) =>
        await Run(nameof(UpdateAsync), () => inner.UpdateAsync(id, changes, expectedVersions, cancellationToken));

    public async Task<StoreWriteStatus> DeleteAsync(SensorId id, string expectedVersion, CancellationToken cancellationToken) =>
        await Run(nameof(DeleteAsync), () => inner.DeleteAsync(id, expectedVersion, cancellationToken));

    public Task<IReadOnlyList<Sensor>> ListAsync(SensorFilter filter, string? afterId, int take, CancellationToken cancellationToken) =>
        inner.ListAsync(filter, afterId, take, cancellationToken);

    public Task<IReadOnlyList<Sensor>> ListNearAsync(
        Coordinates center, double innerMeters, double outerMeters, SensorFilter filter, bool withLatest, CancellationToken cancellationToken) =>
        inner.ListNearAsync(center, innerMeters, outerMeters, filter, withLatest, cancellationToken);

    public Task<IReadOnlyList<Sensor>> ListWithLatestAsync(SensorFilter filter, int take, CancellationToken cancellationToken) =>
        inner.ListWithLatestAsync(filter, take, cancellationToken);

    public Task<SensorWrite> TryAdvanceLatestAsync(SensorId id, LatestReading candidate, CancellationToken cancellationToken) =>
        inner.TryAdvanceLatestAsync(id, candidate, cancellationToken);

    public Task<SensorWrite> AddReadingMonthsAsync(SensorId id, IReadOnlyCollection<string> months, CancellationToken cancellationToken) =>
        inner.AddReadingMonthsAsync(id, months, cancellationToken);

    public Task<SensorWrite> ReplaceLatestAsync(SensorId id, LatestReading? latest, string expectedLatestId, CancellationToken cancellationToken) =>
        inner.ReplaceLatestAsync(id, latest, expectedLatestId, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    private async Task<T> Run<T>(string method, Func<Task<T>> call)
    {
        if (FailNext != method)
        {
            return await call();
        }

        FailNext = null;
        if (Applied)
        {
            await call();
        }

        throw new StoreUnavailableException("The database did not answer.");
    }
}
