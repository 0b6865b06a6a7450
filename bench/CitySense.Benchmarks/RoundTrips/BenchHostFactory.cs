using CitySense.DevHost;
using CitySense.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.Benchmarks.RoundTrips;

/// <summary>
/// The DevHost's real HTTP pipeline in-process over the local Cosmos server it starts itself, with a counting
/// request handler on its CosmosClient: every Cosmos request an API call causes is recorded.
/// </summary>
internal sealed class BenchHostFactory : WebApplicationFactory<DevHostMarker>
{
    public CountingRequestHandler Counter { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("DevHost:SeedDemoData", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services => services.AddSingleton<RequestHandler>(Counter));
    }
}
