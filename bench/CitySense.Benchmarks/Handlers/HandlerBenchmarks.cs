using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using System.Text.Json;
using CitySense.Core.Access;
using CitySense.Core.Geo;
using CitySense.Core.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Functions;
using CitySense.Functions.Http;
using CitySense.Testing.Stores;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CitySense.Benchmarks.Handlers;

/// <summary>
/// The ingest and latest request paths in-process: CitySense's real function classes (what the Functions worker's
/// generated executor calls) against a raw minimal-API handler, both over the same in-memory stores. Each operation
/// builds a fresh HttpContext with the request, runs the handler and writes the response body.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HandlerBenchmarks
{
    public const string SensorIdText = "austin.lamar_blvd.air_quality";

    private static readonly byte[] IngestBody = Encoding.UTF8.GetBytes(
        """{"timestamp":"2026-01-01T00:00:00Z","payload":{"pm25":7.4,"no2":12,"tempC":21.5,"station":"lamar"}}""");

    private static readonly RequestBodyDetection HasBody = new(canHaveBody: true);
    private static readonly RequestBodyDetection NoBody = new(canHaveBody: false);

    private readonly ServiceProvider services = CreateServices();
    private ReadingFunctions functions = null!;
    private RequestDelegate rawIngest = null!;
    private RequestDelegate rawLatest = null!;
    private byte[] ingestBody = IngestBody;

    [GlobalSetup]
    public void Setup()
    {
        var id = new SensorId("austin", "lamar_blvd", "air_quality");
        var sensors = new InMemorySensorStore();
        sensors.Add(DemoSensor(id));
        var readings = new InMemoryReadingStore();
        var history = new HistoryReader(readings);
        var options = Options.Create(new ReadingOptions());
        var access = new AccessPolicy(new InMemoryGrantStore());
        functions = new ReadingFunctions(
            new IngestService(access, sensors, readings, new InMemoryAggregateStore(), new InMemoryReadingEvents(), history, TimeProvider.System, options, NullLogger<IngestService>.Instance),
            new HistoryService(sensors, history, TimeProvider.System, options),
            new NearbyService(sensors),
            access,
            TimeProvider.System);
        rawIngest = RawMinimalApi.Ingest(sensors, readings, services);
        rawLatest = RawMinimalApi.Latest(sensors, services);

        // A timestamp within the retention period, so both handlers take the success path.
        ingestBody = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(IngestBody)
            .Replace("2026-01-01T00:00:00Z", Timestamps.Format(DateTimeOffset.UtcNow.AddMinutes(-1)), StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs each path once and describes its response (status and body), so a run can show that both handlers
    /// answer alike, on the success path, before they are timed.
    /// </summary>
    public async Task<IReadOnlyList<string>> DescribeResponsesAsync()
    {
        var described = new List<string>();
        foreach (var (name, method, body, run) in new (string, string, byte[]?, Func<DefaultHttpContext, Task>)[]
        {
            ("Ingest_RawMinimalApi", HttpMethods.Post, ingestBody, context => rawIngest(context)),
            ("Ingest_CitySense", HttpMethods.Post, ingestBody, async context =>
                await (await functions.IngestReading(context.Request, SensorIdText, context.RequestAborted)).ExecuteAsync(context)),
            ("Latest_RawMinimalApi", HttpMethods.Get, null, context => rawLatest(context)),
            ("Latest_CitySense", HttpMethods.Get, null, async context =>
                await (await functions.GetLatestReading(context.Request, SensorIdText, context.RequestAborted)).ExecuteAsync(context)),
        })
        {
            using var response = new MemoryStream();
            var context = NewContext(method, body, response);
            await run(context);
            await context.Response.BodyWriter.FlushAsync();
            described.Add($"{name}: {context.Response.StatusCode} {Encoding.UTF8.GetString(response.ToArray())}");
        }

        return described;
    }

    [GlobalCleanup]
    public void Cleanup() => services.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Ingest")]
    public Task Ingest_RawMinimalApi()
    {
        var context = NewContext(HttpMethods.Post, ingestBody);
        return rawIngest(context);
    }

    [Benchmark]
    [BenchmarkCategory("Ingest")]
    public async Task Ingest_CitySense()
    {
        var context = NewContext(HttpMethods.Post, ingestBody);
        var result = await functions.IngestReading(context.Request, SensorIdText, context.RequestAborted);
        await result.ExecuteAsync(context);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Latest")]
    public Task Latest_RawMinimalApi()
    {
        var context = NewContext(HttpMethods.Get, null);
        return rawLatest(context);
    }

    [Benchmark]
    [BenchmarkCategory("Latest")]
    public async Task Latest_CitySense()
    {
        var context = NewContext(HttpMethods.Get, null);
        var result = await functions.GetLatestReading(context.Request, SensorIdText, context.RequestAborted);
        await result.ExecuteAsync(context);
    }

    /// <summary>A sensor with a latest reading, so that "latest" answers 200.</summary>
    private static Sensor DemoSensor(SensorId id)
    {
        var now = DateTimeOffset.UtcNow;
        return new Sensor
        {
            Id = id,
            Coordinates = new Coordinates(30.2672, -97.7431),
            Status = SensorStatus.Active,
            Version = "4f43b67d4db47599",
            Incarnation = "1b1590e69b1c17f4",
            CreatedAt = now.AddDays(-1),
            UpdatedAt = now.AddDays(-1),
            CreatedBy = "bench-admin",
            UpdatedBy = "bench-admin",
            Latest = new LatestReading
            {
                Id = "0196c0de7b5a7c3e9a1f2b3c4d5e6f70",
                Timestamp = now.AddMinutes(-2),
                ReceivedAt = now.AddMinutes(-2),
                Payload = JsonDocument.Parse("""{"pm25":7.4,"no2":12,"tempC":21.5}""").RootElement,
                SortKey = SortKeys.For(now.AddMinutes(-2), "0196c0de7b5a7c3e9a1f2b3c4d5e6f70"),
            },
        };
    }

    /// <summary>What a server hands either handler: a request with route values, and a response to write.</summary>
    private DefaultHttpContext NewContext(string method, byte[]? body, Stream? responseBody = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.RouteValues["sensorId"] = SensorIdText;

        // What API Management sets after checking the subscription key (the raw handler ignores them).
        context.Request.Headers[CallerHeaders.Caller] = "bench-admin";
        context.Request.Headers[CallerHeaders.Product] = "admin";
        context.Features.Set<IHttpRequestBodyDetectionFeature>(body is null ? NoBody : HasBody);
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = body.Length;
            context.Request.Body = new MemoryStream(body, writable: false);
        }

        context.Response.Body = responseBody ?? Stream.Null;
        return context;
    }

    /// <summary>The JSON settings both handlers' typed results write with: CitySense's, as AddCitySense configures them.</summary>
    private static ServiceProvider CreateServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => CitySenseJson.Configure(options.SerializerOptions));
        return services.BuildServiceProvider();
    }
}
