using System.Diagnostics;
using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.Functions.Telemetry;
using CitySense.Testing;
using CitySense.Testing.Faults;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace CitySense.IntegrationTests;

/// <summary>
/// The telemetry AddCitySense registers, over the real Cosmos adapter: Cosmos operations are spans, failures are
/// always exported whatever the sampling ratio, successes follow the ratio, and no span holds a payload value.
/// </summary>
public sealed class TelemetryTests(CosmosStoreFixture fixture) : IClassFixture<CosmosStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task CosmosOperations_EverythingSampled_ExportedAsSpansWithoutPayloadValues()
    {
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        var exported = new List<Activity>();
        await using var provider = await StartAsync(exported, ratio: 1.0, faults: null);
        var sensor = await RegisterAsync(provider);

        var ingested = await provider.GetRequiredService<IngestService>().IngestAsync(
            sensor, new ReadingDraft { Payload = JsonDocument.Parse($$"""{"note":"{{canary}}"}""").RootElement }, Ct);
        provider.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.True(ingested.Succeeded);
        var cosmos = exported.Where(span => span.Source.Name == TelemetryServiceCollectionExtensions.CosmosActivitySource).ToList();
        Assert.Contains(cosmos, span => span.DisplayName.Contains("patch", StringComparison.OrdinalIgnoreCase)
            || span.OperationName.Contains("Patch", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cosmos, span => span.DisplayName.Contains("create", StringComparison.OrdinalIgnoreCase)
            || span.OperationName.Contains("Create", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(exported.SelectMany(span => span.TagObjects), tag => tag.Value?.ToString()?.Contains(canary, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task CosmosOperations_NoSuccessSampled_OnlyTheFailureExported()
    {
        var exported = new List<Activity>();
        var faults = new FaultInjectingRequestHandler(11);
        await using var provider = await StartAsync(exported, ratio: 0.0, faults);
        var sensor = await RegisterAsync(provider);
        var sensors = provider.GetRequiredService<SensorService>();

        var found = await sensors.GetAsync(sensor, Ct);
        faults.Apply(FaultRule.Always(CosmosOperation.Read, FaultKind.ServiceUnavailable));
        await Assert.ThrowsAnyAsync<Exception>(() => sensors.GetAsync(sensor, Ct));
        faults.Clear();
        provider.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.True(found.Succeeded);
        var cosmos = exported.Where(span => span.Source.Name == TelemetryServiceCollectionExtensions.CosmosActivitySource).ToList();
        Assert.NotEmpty(cosmos);
        Assert.All(cosmos, span => Assert.True(FailureKeepingSampler.IsFailure(span), $"{span.DisplayName} {span.Status}"));
    }

    private async Task<ServiceProvider> StartAsync(List<Activity> exported, double ratio, FaultInjectingRequestHandler? faults)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(fixture.Services.GetRequiredService<IConfiguration>())
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telemetry:SuccessSamplingRatio"] = ratio.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Cosmos:CreateIfNotExists"] = "false",
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        if (faults is not null)
        {
            services.AddSingleton<RequestHandler>(faults);
        }

        services.AddCitySense(configuration);
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported));
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        return provider;
    }

    private static async Task<SensorId> RegisterAsync(IServiceProvider provider)
    {
        var outcome = await provider.GetRequiredService<SensorService>().CreateAsync(
            new SensorRegistration
            {
                City = "tel-" + Guid.NewGuid().ToString("N")[..8],
                Location = "main_st",
                Type = "weather",
                Coordinates = new CoordinatesInput { Lat = 1, Lon = 2 },
            },
            Ct);
        return outcome.Value!.Id;
    }
}
