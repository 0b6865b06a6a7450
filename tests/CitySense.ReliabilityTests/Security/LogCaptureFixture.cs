using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CitySense.ReliabilityTests.Security;

/// <summary>
/// Two keyed hosts whose every log record is captured: <see cref="Verbose"/> logs everything at Trace level (every
/// category, framework included), <see cref="Configured"/> logs what the app's own configuration lets through.
/// Both can fail Cosmos requests on demand, so error paths log too.
/// </summary>
public sealed class LogCaptureFixture : ApiFixture
{
    public string FunctionKey { get; } = KeyedApiFixture.Base64UrlKey();

    /// <summary>The fault handler of each host (a handler belongs to one client's pipeline).</summary>
    public Dictionary<ApiHost, FaultInjectingRequestHandler> Faults { get; } = [];

    public ApiHost Verbose { get; private set; } = null!;

    public ApiHost Configured { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = new Dictionary<string, string?> { ["DevHost:FunctionKey"] = FunctionKey };
        var verboseFaults = new FaultInjectingRequestHandler(7);
        var configuredFaults = new FaultInjectingRequestHandler(7);
        Verbose = StartHost(Host.Database, settings, services =>
        {
            services.AddSingleton<RequestHandler>(verboseFaults);
            services.AddLogging(logging => logging.AddFakeLogging());
            services.Configure<LoggerFilterOptions>(options =>
            {
                options.Rules.Clear();
                options.MinLevel = LogLevel.Trace;
            });
        });
        Configured = StartHost(Host.Database, settings, services =>
        {
            services.AddSingleton<RequestHandler>(configuredFaults);
            services.AddLogging(logging => logging.AddFakeLogging());
        });
        Faults[Verbose] = verboseFaults;
        Faults[Configured] = configuredFaults;
    }

    public static FakeLogCollector Logs(ApiHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<FakeLogCollector>();
    }
}
