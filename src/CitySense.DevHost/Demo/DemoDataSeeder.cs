using CitySense.Core.Access;
using CitySense.Core.Problems;
using CitySense.Core.Sensors;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CitySense.DevHost.Demo;

/// <summary>
/// Registers the old system's cities, locations and sensor types (Demo/seed-config.yml) so a fresh local API has
/// something to show. Sensors that exist are left as they are.
/// </summary>
public sealed partial class DemoDataSeeder(
    SensorService sensors,
    IOptions<DevHostOptions> options,
    ILogger<DemoDataSeeder> logger) : IHostedService
{
    /// <summary>The demo data is registered by the DevHost itself, as an admin, so the audit trail names it.</summary>
    private static readonly Caller DemoCaller = new("devhost-demo-data", CallerProduct.Admin);

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

        LogSeeded(created);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} demo sensors")]
    private partial void LogSeeded(int count);

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
