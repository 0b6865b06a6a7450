namespace CitySense.DevHost.LocalCosmos;

/// <summary>Wires the local Cosmos-compatible server into the DevHost when no real endpoint is configured.</summary>
public static class LocalCosmosHostingExtensions
{
    public static async Task AddLocalCosmosWhenNoEndpointAsync(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["Cosmos:Endpoint"]))
        {
            return;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
        var server = await LocalCosmosServer.StartAsync(loggerFactory.CreateLogger<LocalCosmosServer>());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = server.Endpoint.ToString(),
            ["Cosmos:Key"] = server.Key,
            ["Cosmos:CreateIfNotExists"] = "true",
        });

        // Disposed with the host: Ctrl-C stops the server too.
        builder.Services.AddSingleton(server);
    }
}
