using System.Collections.Concurrent;
using CitySense.DevHost;
using CitySense.Testing;
using CitySense.Testing.OpenApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.EndToEndTests;

/// <summary>
/// The DevHost's real HTTP pipeline in-process, over the local Cosmos server it starts itself (or the account in
/// Cosmos__Endpoint). Demo data is loaded, as with README's run command. One per test class.
/// Every response its clients receive is checked against openapi/openapi.yaml; a test whose requests got an
/// undocumented status, header or body fails (see <see cref="ContractConformanceTests.ResponsesMatchContractAttribute"/>).
/// </summary>
public sealed class DevHostFactory : WebApplicationFactory<DevHostMarker>
{
    private static readonly Lazy<OpenApiResponseValidator> Contract = new(OpenApiResponseValidator.ForServedDocument);

    public CountingRequestHandler Counter { get; } = new();

    /// <summary>Responses of this factory's clients that do not match the OpenAPI document.</summary>
    public ConcurrentQueue<ContractViolation> ContractViolations { get; } = new();

    /// <summary>
    /// A client like the default one (base address http://localhost, redirects followed) whose responses are all
    /// checked against the OpenAPI document.
    /// </summary>
    public new HttpClient CreateClient() =>
        CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new ContractValidatingHandler(Contract.Value, Record));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureServices(services => services.AddSingleton<RequestHandler>(Counter));
    }

    private void Record(ContractViolation violation)
    {
        ContractViolations.Enqueue(violation);
        ContractConformanceTests.ResponsesMatchContractAttribute.Record(violation);
    }
}
