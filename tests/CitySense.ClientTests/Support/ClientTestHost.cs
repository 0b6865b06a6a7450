using System.Collections.Concurrent;
using System.Net;
using CitySense.DevHost;
using CitySense.Testing.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.ClientTests.Support;

/// <summary>
/// The DevHost as README's run command starts it (its own local Cosmos server, no demo data), listening on a free
/// loopback port, so generated clients reach it over real HTTP like any consumer: the C# ones in this process, the
/// TypeScript one from Node.js. Every response a C# client receives is checked against the OpenAPI document.
/// </summary>
public sealed class ClientTestHost : WebApplicationFactory<DevHostMarker>
{
    private readonly OpenApiResponseValidator contract = OpenApiResponseValidator.ForServedDocument();

    public ClientTestHost()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        ApiRoot = new Uri(address.TrimEnd('/') + "/api/");
    }

    /// <summary>The API root, e.g. http://127.0.0.1:41234/api/.</summary>
    public Uri ApiRoot { get; }

    /// <summary>Responses that did not match the document, from every client of <see cref="CreateHttpClient"/>.</summary>
    public ConcurrentQueue<ContractViolation> Violations { get; } = new();

    /// <summary>Operations the host was called for, by operationId, whichever client called.</summary>
    public OperationRecorder Operations { get; } = new();

    /// <summary>
    /// The handler a client's HttpClient sends through: over the network to the host, each response checked against the
    /// document.
    /// </summary>
    public HttpMessageHandler CreateHandler() =>
        new ContractValidatingHandler(contract, Violations.Enqueue) { InnerHandler = new SocketsHttpHandler() };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DevHost:SeedDemoData", "false");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new RecordingStartupFilter(Operations));

            // The scenarios ping a subscription: its delivery must connect nowhere outside a loopback-only namespace.
            services.AddSingleton<CitySense.Functions.Webhooks.IWebhookConnector, CitySense.Testing.Webhooks.RefusingWebhookConnector>();
        });
    }

    /// <summary>Records the operation of every request before the DevHost's own pipeline handles it.</summary>
    private sealed class RecordingStartupFilter(OperationRecorder recorder) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                recorder.Record(context.Request.Method, context.Request.Path.Value ?? string.Empty);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
