using System.Diagnostics;
using System.Text.Json;
using CitySense.Core.Access;
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
        var exported = new ExportedSpans();
        await using var provider = await StartAsync(exported, ratio: 1.0, faults: null);
        var sensor = await RegisterAsync(provider);

        using var test = TestSpan(nameof(CosmosOperations_EverythingSampled_ExportedAsSpansWithoutPayloadValues));
        var ingested = await provider.GetRequiredService<IngestService>().IngestAsync(TestData.Admin, 
            sensor, new ReadingDraft { Payload = JsonDocument.Parse($$"""{"note":"{{canary}}"}""").RootElement }, Ct);
        provider.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.True(ingested.Succeeded);
        var cosmos = exported.Of(test.TraceId).Where(span => span.Source.Name == TelemetryServiceCollectionExtensions.CosmosActivitySource).ToList();
        Assert.Contains(cosmos, span => span.DisplayName.Contains("patch", StringComparison.OrdinalIgnoreCase)
            || span.OperationName.Contains("Patch", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cosmos, span => span.DisplayName.Contains("create", StringComparison.OrdinalIgnoreCase)
            || span.OperationName.Contains("Create", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(cosmos.SelectMany(span => span.TagObjects), tag => tag.Value?.ToString()?.Contains(canary, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task CosmosOperations_NoSuccessSampled_OnlyTheFailureExported()
    {
        var exported = new ExportedSpans();
        var faults = new FaultInjectingRequestHandler(11);
        await using var provider = await StartAsync(exported, ratio: 0.0, faults);
        var sensor = await RegisterAsync(provider);
        var sensors = provider.GetRequiredService<SensorService>();

        using var test = TestSpan(nameof(CosmosOperations_NoSuccessSampled_OnlyTheFailureExported));
        var found = await sensors.GetAsync(sensor, Ct);
        faults.Apply(FaultRule.Always(CosmosOperation.Read, FaultKind.ServiceUnavailable));
        await Assert.ThrowsAnyAsync<Exception>(() => sensors.GetAsync(sensor, Ct));
        faults.Clear();
        provider.GetRequiredService<TracerProvider>().ForceFlush();

        Assert.True(found.Succeeded);
        var cosmos = exported.Of(test.TraceId).Where(span => span.Source.Name == TelemetryServiceCollectionExtensions.CosmosActivitySource).ToList();
        Assert.NotEmpty(cosmos);
        Assert.All(cosmos, span => Assert.True(FailureKeepingSampler.IsFailure(span), $"{span.DisplayName} {span.Status}"));
    }

    private async Task<ServiceProvider> StartAsync(ExportedSpans exported, double ratio, FaultInjectingRequestHandler? faults)
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

    /// <summary>A sampled parent for the test's operations, so its spans can be told from other tests' by trace id.</summary>
    private static Activity TestSpan(string name)
    {
        var span = new Activity(name) { ActivityTraceFlags = ActivityTraceFlags.Recorded };
        span.SetIdFormat(ActivityIdFormat.W3C);
        return span.Start();
    }

    private static async Task<SensorId> RegisterAsync(IServiceProvider provider)
    {
        var outcome = await provider.GetRequiredService<SensorService>().CreateAsync(TestData.Admin, 
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

    /// <summary>
    /// What the in-memory exporter received. Spans of other tests running at the same time reach it too (activity
    /// sources are process-wide), so it is safe to add to from any thread and read by trace id.
    /// </summary>
    private sealed class ExportedSpans : ICollection<Activity>
    {
        private readonly List<Activity> spans = [];

        public int Count
        {
            get
            {
                lock (spans)
                {
                    return spans.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public IReadOnlyList<Activity> Of(ActivityTraceId traceId)
        {
            lock (spans)
            {
                return [.. spans.Where(span => span.TraceId == traceId)];
            }
        }

        public void Add(Activity item)
        {
            lock (spans)
            {
                spans.Add(item);
            }
        }

        public void Clear()
        {
            lock (spans)
            {
                spans.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (spans)
            {
                return spans.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (spans)
            {
                spans.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (spans)
            {
                return spans.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator()
        {
            lock (spans)
            {
                return spans.ToList().GetEnumerator();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
