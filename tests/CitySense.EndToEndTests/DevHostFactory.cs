using CitySense.DevHost;
using CitySense.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests;

/// <summary>
/// The DevHost's real HTTP pipeline in-process, over the local Cosmos server it starts itself (or the account in
/// Cosmos__Endpoint). Demo data is loaded, as with README's run command, but without the demo history (its background
/// writes would be counted by tests that count Cosmos requests) unless the settings ask for it
/// (DevHost:DemoHistoryHours; DemoHistoryTests do). Tests reach it through
/// <see cref="CitySenseTarget"/>, which builds the clients; extra settings are applied as configuration
/// (environment variables or appsettings would set them the same way).
/// </summary>
/// <param name="settings">Configuration to add.</param>
/// <param name="services">Registrations to add after the app's (a later registration of a service wins).</param>
public sealed class DevHostFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<DevHostMarker>
{
    /// <summary>Counts the Cosmos requests the app sends (see <see cref="CountingRequestHandler"/>).</summary>
    public CountingRequestHandler Counter { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DevHost:DemoHistoryHours", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(registrations =>
        {
            // A request runs in the test's execution context, so the counter tells its Cosmos requests from those of
            // the queue-triggered functions running in the background.
            registrations.Configure<TestServerOptions>(options => options.PreserveExecutionContext = true);
            registrations.AddSingleton<RequestHandler>(Counter);
            services?.Invoke(registrations);
        });
    }
}
