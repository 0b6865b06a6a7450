using CitySense.DevHost;
using CitySense.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CitySense.ContractTests.Support;

/// <summary>
/// The API whose served document is checked: the DevHost in-process (as README's run command starts it, without demo
/// data), or, when CITYSENSE_BASE_URL is set, any running CitySense (func start, a stage's gateway) with the keys of
/// <see cref="TargetSettings"/>. Clients address the API root: paths are relative, e.g. <c>openapi.yaml</c>.
/// </summary>
public sealed class ServedApiFactory : WebApplicationFactory<DevHostMarker>
{
    private readonly TargetSettings target = TargetSettings.Current;

    /// <summary>A client of the API root (<c>…/api/</c>), in-process or remote.</summary>
    public HttpClient CreateApiClient()
    {
        if (!target.IsRemote)
        {
            return CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = TargetSettings.InProcessBaseUrl });
        }

        var client = new HttpClient { BaseAddress = target.BaseUrl };
        if (target.FunctionKey is { } functionKey)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        }

        if (target.SubscriptionKey is { } subscriptionKey)
        {
            client.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", subscriptionKey);
        }

        return client;
    }

    /// <summary>A client of the DevHost's own pages (/docs), in-process only.</summary>
    public HttpClient CreateHostClient() => CreateClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DevHost:SeedDemoData", "false");
    }
}
