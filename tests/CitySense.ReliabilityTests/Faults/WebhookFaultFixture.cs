using Azure.Core.Pipeline;
using CitySense.DevHost.Functions;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using CitySense.Testing.Webhooks;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// One host whose Cosmos requests go through <see cref="CosmosFaults"/> and whose queue sends (ingest's reading events,
/// the fan-out's deliveries) go through <see cref="QueueFaults"/>, its queue functions running on the Azurite it starts
/// with seconds-scale queue settings, and a webhook receiver on loopback. It connects to that receiver, so it starts only
/// in a loopback-only network namespace.
/// </summary>
public sealed class WebhookFaultFixture : ApiFixture
{
    /// <summary>The seed of both fault sequences.</summary>
    public const int Seed = 20261203;

    /// <summary>
    /// The queue trigger as host.json sets it, but retrying after 1 s instead of 30 s and polling every 200 ms at most,
    /// with more attempts before the poison queue, so that a message struck by several faults in a row is still
    /// delivered within the test.
    /// </summary>
    public static readonly QueueTriggerOptions QueueTrigger = new()
    {
        VisibilityTimeout = TimeSpan.FromSeconds(1),
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
        MaxDequeueCount = 10,
        FunctionTimeout = TimeSpan.FromMinutes(2),
    };

    private LoopbackReceiver? receiver;

    public FaultInjectingRequestHandler CosmosFaults { get; } = new(Seed);

    public FaultInjectingQueuePolicy QueueFaults { get; } = new(Seed);

    public LoopbackReceiver Receiver => receiver ?? throw new InvalidOperationException("The fixture has not started.");

    public override async Task InitializeAsync()
    {
        LoopbackOnlyNetwork.Require();
        receiver = await LoopbackReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    protected override IReadOnlyDictionary<string, string?>? DefaultSettings() =>
        new Dictionary<string, string?>
        {
            ["Webhooks:AllowInsecureLoopback"] = "true",

            // A log line per reading and delivery would only slow the run down; failures are still logged.
            ["Logging:LogLevel:Default"] = "Warning",
        };

    protected override void ConfigureDefaultServices(IServiceCollection services)
    {
        services.AddSingleton<RequestHandler>(CosmosFaults);
        services.AddSingleton<HttpPipelinePolicy>(QueueFaults);
        services.AddSingleton(QueueTrigger);
    }
}
