using System.Net;
using CitySense.Testing.OpenApi;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>
/// The CitySense one test class calls (its class fixture): the DevHost in-process, or the running instance at
/// CITYSENSE_BASE_URL (see <see cref="TargetSettings"/>). Its clients address the API root, so tests use relative
/// paths (<c>sensors/{id}</c>). Every response is checked against openapi/openapi.yaml and a test whose requests got
/// an undocumented status, header or body fails (see <see cref="ContractConformanceTests.ResponsesMatchContractAttribute"/>).
/// The sensors its clients register are deleted when the class is done, passed or failed.
/// </summary>
public sealed class CitySenseTarget : IAsyncLifetime
{
    private static readonly Lazy<OpenApiResponseValidator> Contract = new(OpenApiResponseValidator.ForServedDocument);

    private readonly TargetSettings settings = TargetSettings.Current;
    private readonly CreatedSensorTracker created = new();
    private readonly Lazy<DevHostFactory> devHost = new(() => new DevHostFactory());

    // One connection pool for every client of the class; clients never dispose it.
    private readonly Lazy<SocketsHttpHandler> network = new(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public bool IsRemote => settings.IsRemote;

    /// <summary>The city the tests register their sensors in.</summary>
    public string City => settings.TestCity;

    /// <summary>The in-process DevHost; only for tests marked <see cref="InProcessFactAttribute"/>.</summary>
    public DevHostFactory DevHost => IsRemote
        ? throw new InvalidOperationException("This test needs the in-process DevHost: mark it [InProcessFact] so it is skipped against CITYSENSE_BASE_URL.")
        : devHost.Value;

    /// <summary>A client whose responses are checked against the served OpenAPI document.</summary>
    public HttpClient CreateClient() => CreateClient(Contract.Value, ContractConformanceTests.ResponsesMatchContractAttribute.Record);

    /// <summary>A client whose responses are checked against <paramref name="validator"/>, mismatches going to <paramref name="record"/>.</summary>
    public HttpClient CreateClient(OpenApiResponseValidator validator, Action<ContractViolation> record) =>
        CreateClient(new ContractValidatingHandler(validator, record), created.CreateHandler());

    /// <summary>
    /// A contract-checked client with an admin's rights (grants, the whole audit trail): the same client where every
    /// call already is an admin's, one with CITYSENSE_ADMIN_KEY through a gateway. Tests that need it use
    /// <see cref="AdminFactAttribute"/>, which skips them when no admin can be had.
    /// </summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        if (IsRemote && settings.SubscriptionKey is not null)
        {
            client.DefaultRequestHeaders.Remove("Ocp-Apim-Subscription-Key");
            client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", settings.AdminKey
                ?? throw new InvalidOperationException("This test needs an admin key: mark it [AdminFact] so it is skipped without CITYSENSE_ADMIN_KEY."));
        }

        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            await DeleteCreatedSensorsAsync();
        }
        finally
        {
            if (devHost.IsValueCreated)
            {
                await devHost.Value.DisposeAsync();
            }

            if (network.IsValueCreated)
            {
                network.Value.Dispose();
            }
        }
    }

    private HttpClient CreateClient(params DelegatingHandler[] handlers)
    {
        if (!IsRemote)
        {
            return DevHost.CreateDefaultClient(TargetSettings.InProcessBaseUrl, [new RedirectHandler(), .. handlers]);
        }

        HttpMessageHandler pipeline = network.Value;
        foreach (var handler in handlers.Reverse())
        {
            handler.InnerHandler = pipeline;
            pipeline = handler;
        }

        var client = new HttpClient(pipeline, disposeHandler: false) { BaseAddress = settings.BaseUrl };
        if (settings.SubscriptionKey is not null)
        {
            client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", settings.SubscriptionKey);
        }

        if (settings.FunctionKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", settings.FunctionKey);
        }

        if (settings.CallsFunctionsHostDirectly)
        {
            // No gateway in front: say who is calling, as API Management's policy would for an admin subscription.
            client.DefaultRequestHeaders.Add("X-CitySense-Caller", TargetSettings.DirectCallerId);
            client.DefaultRequestHeaders.Add("X-CitySense-Product", "admin");
        }

        return client;
    }

    private async Task DeleteCreatedSensorsAsync()
    {
        if (created.Ids.Count == 0)
        {
            return;
        }

        using var client = CreateClient();
        var failures = new List<string>();
        foreach (var id in created.Ids)
        {
            using var response = await client.DeleteAsync($"sensors/{Uri.EscapeDataString(id)}");
            if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.NotFound))
            {
                failures.Add($"{id}: {(int)response.StatusCode}");
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"Could not delete the sensors this test class registered: {string.Join(", ", failures)}.");
        }
    }
}
