using CitySense.DevHost;
using CitySense.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.ReliabilityTests.Support;

/// <summary>
/// The DevHost's real HTTP pipeline in-process (Production environment, no demo data) over a database of its own on
/// the test account. Extra settings and services (Cosmos request handlers, loggers) are added the way a deployment
/// or a test would.
/// </summary>
public sealed class ApiHost(
    CosmosTestAccount account,
    string database,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<DevHostMarker>
{
    public string Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in account.Settings(Database))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("DevHost:SeedDemoData", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}
