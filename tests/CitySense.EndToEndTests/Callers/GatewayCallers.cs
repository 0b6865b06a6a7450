using CitySense.Testing;
using CitySense.Testing.OpenApi;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CitySense.EndToEndTests.Callers;

/// <summary>
/// The DevHost in-process with callers configured (DevHost:Callers, as README shows), so it plays API Management: keys
/// in Ocp-Apim-Subscription-Key, 401 for a missing or unknown key, 403 for a public key's write, and the trusted caller
/// headers set for the app. One key per role the tests need; responses are checked against the contract.
/// </summary>
public sealed class GatewayCallers : IAsyncLifetime
{
    public static readonly CallerKey Public = new("e2e-public-key", "e2e-reader", "public");
    public static readonly CallerKey HoustonOperator = new("e2e-houston-key", "houston-it", "operator");
    public static readonly CallerKey OtherOperator = new("e2e-other-key", "other-it", "operator");
    public static readonly CallerKey Admin = new("e2e-admin-key", "citysense-admin", "admin");
    public static readonly CallerKey SecondAdmin = new("e2e-admin2-key", "citysense-admin-2", "admin");

    private static readonly Lazy<OpenApiResponseValidator> Contract = new(OpenApiResponseValidator.ForServedDocument);

    private readonly Lazy<DevHostFactory> host = new(() => new DevHostFactory(Settings()));

    public DevHostFactory Host => host.Value;

    /// <summary>A contract-checked client sending <paramref name="caller"/>'s key (none when null).</summary>
    public HttpClient Client(CallerKey? caller)
    {
        var client = Host.CreateDefaultClient(
            TargetSettings.InProcessBaseUrl,
            new RedirectHandler(),
            new ContractValidatingHandler(Contract.Value, ContractConformanceTests.ResponsesMatchContractAttribute.Record));
        if (caller is not null)
        {
            client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", caller.Key);
        }

        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (host.IsValueCreated)
        {
            await host.Value.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>();
        CallerKey[] callers = [Public, HoustonOperator, OtherOperator, Admin, SecondAdmin];
        for (var i = 0; i < callers.Length; i++)
        {
            settings[$"DevHost:Callers:{i}:Key"] = callers[i].Key;
            settings[$"DevHost:Callers:{i}:Id"] = callers[i].Id;
            settings[$"DevHost:Callers:{i}:Product"] = callers[i].Product;
        }

        return settings;
    }
}

/// <summary>A configured caller: its subscription key, caller id and product.</summary>
public sealed record CallerKey(string Key, string Id, string Product);
