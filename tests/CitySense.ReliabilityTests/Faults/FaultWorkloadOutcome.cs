using System.Collections.Concurrent;
using System.Net;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>What the API answered during a workload under faults.</summary>
public sealed class FaultWorkloadOutcome
{
    private readonly ConcurrentDictionary<(string SensorId, string Id), SentReading> acknowledged = new();
    private readonly ConcurrentQueue<SentReading> pending = new();
    private readonly ConcurrentQueue<SensorUpdate> updates = new();
    private int serviceUnavailable;
    private int requests;

    /// <summary>Readings that got a 2xx (directly, or as a batch item that was created or a duplicate).</summary>
    public IReadOnlyCollection<SentReading> Acknowledged => [.. acknowledged.Values];

    public IReadOnlyList<SensorUpdate> Updates => [.. updates];

    public int ServiceUnavailable => Volatile.Read(ref serviceUnavailable);

    public int Requests => Volatile.Read(ref requests);

    public void Sent() => Interlocked.Increment(ref requests);

    public void Acknowledge(SentReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        acknowledged[(reading.SensorId, reading.Id)] = reading;
    }

    public void Retry(SentReading reading) => pending.Enqueue(reading);

    /// <summary>The readings that failed and were not acknowledged since.</summary>
    public IReadOnlyList<SentReading> TakePending()
    {
        var taken = new List<SentReading>();
        while (pending.TryDequeue(out var reading))
        {
            if (!acknowledged.ContainsKey((reading.SensorId, reading.Id)))
            {
                taken.Add(reading);
            }
        }

        return taken;
    }

    /// <summary>
    /// Sends a single ingest of <paramref name="reading"/> until it is acknowledged, at most <paramref name="maxAttempts"/>
    /// times; each failure must be a 503 problem (<see cref="CheckFailureAsync"/>), and <paramref name="backOff"/> (given
    /// the attempt's number) runs before the next attempt. True when acknowledged.
    /// </summary>
    public async Task<bool> IngestUntilAcknowledgedAsync(HttpClient client, SentReading reading, int maxAttempts, Func<int, Task>? backOff = null)
    {
        ArgumentNullException.ThrowIfNull(reading);
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            Sent();
            using var response = await ApiCalls.IngestAsync(client, reading.SensorId, reading.Body);
            if (response.IsSuccessStatusCode)
            {
                Acknowledge(reading);
                return true;
            }

            await CheckFailureAsync(response, $"attempt {attempt} of {reading.SensorId}/{reading.Id}");
            if (backOff is not null && attempt < maxAttempts)
            {
                await backOff(attempt);
            }
        }

        return false;
    }

    public void Updated(SensorUpdate update) => updates.Enqueue(update);

    public int NextRevision(string sensorId) => updates.Count(u => u.SensorId == sensorId) + 1;

    /// <summary>A failure under faults must be a 503 problem with Retry-After and nothing about internals.</summary>
    public async Task CheckFailureAsync(HttpResponseMessage response, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(
            response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"{what}: expected 2xx or 503, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await ProblemAssert.IsServiceUnavailableAsync(response);
        Interlocked.Increment(ref serviceUnavailable);
    }
}
