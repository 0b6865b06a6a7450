using CitySense.Core.Access;
using CitySense.Core.Problems;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CitySense.DevHost.Demo;

/// <summary>
/// Registers the old system's cities, locations and sensor types (Demo/seed-config.yml) and gives each sensor 48 hours
/// of history (<see cref="DemoHistory"/>), so a fresh local API has something to show: latest, history, CSV, aggregates
/// and summaries answer on the first try. Sensors that exist are left as they are; readings go through the batch
/// ingest like any client's, by an ingest service whose per-reading log lines are dropped (thousands of them would
/// slow the start and bury the lines that matter); one line says what was seeded.
/// </summary>
public sealed partial class DemoDataSeeder(
    SensorService sensors,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<DevHostOptions> options,
    ILogger<DemoDataSeeder> logger) : IHostedService, IDisposable
{
    /// <summary>The demo history stored before the API answers; older readings follow in the background.</summary>
    private static readonly TimeSpan RecentHistory = TimeSpan.FromHours(1);

    /// <summary>The demo data is registered by the DevHost itself, as an admin, so the audit trail names it.</summary>
    private static readonly Caller DemoCaller = new("devhost-demo-data", CallerProduct.Admin);

    private readonly CancellationTokenSource stopping = new();
    private Task background = Task.CompletedTask;
    private int stopped;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }

        var created = 0;
        foreach (var request in Load())
        {
            var outcome = await sensors.CreateAsync(DemoCaller, request, cancellationToken);
            if (outcome.Succeeded)
            {
                created++;
            }
            else if (outcome.Problem.Kind != ProblemKind.SensorExists)
            {
                throw new InvalidOperationException($"Demo sensor {request.City}.{request.Location}.{request.Type}: {outcome.Problem.Detail}");
            }
        }

        // The last hour first, before the API answers (latest, the summary and recent aggregates work at once); the
        // rest of the 48 hours in the background, so start-up stays fast. Both through the batch ingest.
        var now = clock.GetUtcNow();
        var span = TimeSpan.FromHours(Math.Clamp(options.Value.DemoHistoryHours, 0, 48));
        var history = Load().SelectMany(sensor => DemoHistory.For(new SensorId(sensor.City!, sensor.Location!, sensor.Type!), now, span)).ToList();
        var recent = history.Where(item => item.Reading.Timestamp > now - RecentHistory).ToList();
        var readings = await IngestAsync(recent, cancellationToken);
        LogSeeded(created, readings);
        background = Task.Run(() => SeedOlderAsync([.. history.Except(recent)], stopping.Token), CancellationToken.None);
    }

    /// <summary>The background part of the demo history: done when every older demo reading is stored (or failed).</summary>
    public Task History => background;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may stop a service after disposing its provider (a test host disposed in another order): once is enough.
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        await background;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 0)
        {
            stopping.Cancel();
        }

        stopping.Dispose();
    }

    private async Task SeedOlderAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        try
        {
            var started = clock.GetTimestamp();
            var readings = await IngestAsync(items, cancellationToken);
            var seconds = clock.GetElapsedTime(started).TotalSeconds;
            LogHistorySeeded(readings, seconds);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or StoreUnavailableException)
        {
            // The host is stopping: the history stays partial, as the local database goes away with it anyway.
        }
        catch (Exception ex) when (ex is StoreUnavailableException or InvalidOperationException)
        {
            LogHistoryFailed(ex);
        }
    }

    /// <summary>
    /// Stores <paramref name="items"/> in batches, a few at once, by an ingest service whose per-reading log lines are
    /// dropped (thousands of them would slow the start and bury the lines that matter).
    /// </summary>
    private async Task<int> IngestAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var ingest = ActivatorUtilities.CreateInstance<IngestService>(services, NullLogger<IngestService>.Instance);
        var readings = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items.Chunk(Core.ApiLimits.MaxBatchItems), parallel, async (batch, token) =>
        {
            var outcome = await ingest.IngestBatchAsync(DemoCaller, batch, token);
            var problem = outcome.Succeeded ? outcome.Value.FirstOrDefault(item => item.Problem is not null)?.Problem : outcome.Problem;
            if (problem is not null)
            {
                throw new InvalidOperationException($"Demo history: {problem.Detail}");
            }

            Interlocked.Add(ref readings, outcome.Value!.Count(item => item.Result?.Created == true));
        });
        return readings;
    }

    public static IReadOnlyList<SensorRegistration> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Demo", "seed-config.yml");
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var cities = deserializer.Deserialize<Dictionary<string, List<SeedLocation>>>(File.ReadAllText(path));
        return
        [
            .. from city in cities
               from location in city.Value
               from type in location.Sensors
               select new SensorRegistration
               {
                   City = city.Key,
                   Location = location.Name,
                   Type = type,
                   Coordinates = new CoordinatesInput { Lat = location.Location.Lat, Lon = location.Location.Long },
               },
        ];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} demo sensors and stored {Readings} demo readings of the last hour; older ones follow")]
    private partial void LogSeeded(int count, int readings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The older demo history could not be stored; the last hour is there")]
    private partial void LogHistoryFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Readings} older demo readings in {Seconds:0.0} s: 48 hours of demo history")]
    private partial void LogHistorySeeded(int readings, double seconds);

    private sealed class SeedLocation
    {
        public string Name { get; set; } = "";

        public List<string> Sensors { get; set; } = [];

        public SeedPoint Location { get; set; } = new();
    }

    private sealed class SeedPoint
    {
        public double Lat { get; set; }

        public double Long { get; set; }
    }
}
