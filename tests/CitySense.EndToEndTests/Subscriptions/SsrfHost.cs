using System.Net;
using CitySense.Core.Webhooks;
using CitySense.Testing;
using CitySense.Testing.OpenApi;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests.Subscriptions;

/// <summary>
/// The DevHost as in Azure for webhook targets: loopback not allowed (Webhooks:AllowInsecureLoopback off), at most two
/// subscriptions per key, and a resolver that answers from a fixed table, so that no test resolves a name through DNS.
/// No callers are configured: every request is the local admin's.
/// </summary>
public sealed class SsrfHost : IAsyncLifetime
{
    /// <summary>What the names the tests use resolve to.</summary>
    public static readonly IReadOnlyDictionary<string, IPAddress[]> Names = new Dictionary<string, IPAddress[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["intranet.example.org"] = [IPAddress.Parse("10.20.30.40")],
        ["metadata.example.org"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("169.254.169.254")],
        ["hooks.example.org"] = [IPAddress.Parse("93.184.216.34")],
    };

    private static readonly Lazy<OpenApiResponseValidator> Contract = new(OpenApiResponseValidator.ForServedDocument);

    private readonly Lazy<DevHostFactory> host = new(() => new DevHostFactory(
        new Dictionary<string, string?>
        {
            ["Webhooks:AllowInsecureLoopback"] = "false",
            ["Webhooks:MaxSubscriptionsPerCaller"] = "2",
            ["DevHost:SeedDemoData"] = "false",
        },
        services => services.AddSingleton<IHostAddressResolver>(new TableResolver())));

    public HttpClient Client() => host.Value.CreateDefaultClient(
        TargetSettings.InProcessBaseUrl,
        new RedirectHandler(),
        new ContractValidatingHandler(Contract.Value, ContractConformanceTests.ResponsesMatchContractAttribute.Record));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (host.IsValueCreated)
        {
            await host.Value.DisposeAsync();
        }
    }

    private sealed class TableResolver : IHostAddressResolver
    {
        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Names.TryGetValue(host, out var addresses)
                ? Task.FromResult<IReadOnlyList<IPAddress>>(addresses)
                : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
    }
}
