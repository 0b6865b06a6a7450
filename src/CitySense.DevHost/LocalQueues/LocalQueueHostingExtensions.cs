using CitySense.Functions.Webhooks;

namespace CitySense.DevHost.LocalQueues;

/// <summary>Wires Azurite's queue service into the DevHost when no queue connection is configured.</summary>
public static class LocalQueueHostingExtensions
{
    public static async Task AddLocalQueuesWhenNoConnectionAsync(this WebApplicationBuilder builder)
    {
        if (WebhookQueues.IsConfigured(builder.Configuration))
        {
            return;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
        var server = await LocalQueueServer.StartAsync(loggerFactory.CreateLogger<LocalQueueServer>());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WebhookQueues.ConnectionName] = server.ConnectionString,
        });

        // Disposed with the host: Ctrl-C stops Azurite too.
        builder.Services.AddSingleton(server);
    }
}
