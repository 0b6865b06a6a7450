using System.Text.Json;
using CitySense.Core.Sensors;

namespace CitySense.Benchmarks.Handlers;

/// <summary>
/// One sensor in memory, answering the calls of the ingest and latest paths without I/O, so a benchmark measures
/// the request path (parse, validate, map, serialize) and nothing else. Results are prepared once.
/// </summary>
internal sealed class InMemorySensorStore : ISensorStore
{
    private readonly Task<Sensor?> found;
    private readonly Task<SensorWrite> advanced;

    public InMemorySensorStore(SensorId id)
    {
        var now = DateTimeOffset.UtcNow;
        Sensor = new Sensor
        {
            Id = id,
            Coordinates = new Coordinates(30.2672, -97.7431),
            Status = SensorStatus.Active,
            Version = "4f43b67d4db47599",
            Incarnation = "1b1590e69b1c17f4",
            CreatedAt = now.AddDays(-1),
            UpdatedAt = now.AddDays(-1),
            Latest = new LatestReading
            {
                Id = "0196c0de7b5a7c3e9a1f2b3c4d5e6f70",
                Timestamp = now.AddMinutes(-1),
                ReceivedAt = now.AddMinutes(-1),
                Payload = JsonDocument.Parse("""{"pm25":7.4,"no2":12,"tempC":21.5}""").RootElement,
                SortKey = "x",
            },
        };
        found = Task.FromResult<Sensor?>(Sensor);
        advanced = Task.FromResult(SensorWrite.Written(Sensor));
    }

    public Sensor Sensor { get; }

    public Task<Sensor?> FindAsync(SensorId id, CancellationToken cancellationToken) => found;

    public Task<SensorWrite> TryAdvanceLatestAsync(SensorId id, LatestReading candidate, CancellationToken cancellationToken) => advanced;

    public Task<bool> TryCreateAsync(Sensor sensor, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<SensorWrite> UpdateAsync(SensorId id, SensorChanges changes, IReadOnlyCollection<string>? expectedVersions, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> DeleteAsync(SensorId id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Sensor>> ListAsync(SensorFilter filter, string? afterId, int take, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<Sensor>> ListNearAsync(
        Coordinates center,
        double innerMeters,
        double outerMeters,
        SensorFilter filter,
        bool withLatest,
        CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<SensorWrite> ReplaceLatestAsync(SensorId id, LatestReading? latest, string expectedLatestId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
