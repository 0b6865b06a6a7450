using CitySense.DevHost;
using CitySense.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.Benchmarks.RoundTrips;

/// <summary>
/// The DevHost's real HTTP pipeline in-process over the local Cosmos server it starts itself, with a counting
/// request handler on its CosmosClient: every Cosmos request an API call causes is recorded. It plays API Management
/// with three callers (DevHost:Callers), so the cost of each product's access check is measured too.
/// </summary>
internal sealed class BenchHostFactory : WebApplicationFactory<DevHostMarker>
{
    public const string AdminKey = "bench-admin-key";
    public const string OperatorKey = "bench-operator-key";
    public const string OperatorId = "bench-operator";
    public const string PublicKey = "bench-public-key";

    public CountingRequestHandler Counter { get; } = new();

    /// <summary>A client that sends <paramref name="key"/> as the subscription key.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("DevHost:SeedDemoData", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        (string Key, string Id, string Product)[] callers =
            [(AdminKey, "bench-admin", "admin"), (OperatorKey, OperatorId, "operator"), (PublicKey, "bench-public", "public")];
        for (var i = 0; i < callers.Length; i++)
        {
            builder.UseSetting($"DevHost:Callers:{i}:Key", callers[i].Key);
            builder.UseSetting($"DevHost:Callers:{i}:Id", callers[i].Id);
            builder.UseSetting($"DevHost:Callers:{i}:Product", callers[i].Product);
        }

        // Counted requests are those of the counted call's own flow (CountingRequestHandler), not the queue functions
        // running beside it: the server must run each request in the calling client's execution context.
        builder.ConfigureServices(services => services
            .AddSingleton<RequestHandler>(Counter)
            .Configure<TestServerOptions>(options => options.PreserveExecutionContext = true));
    }
}
