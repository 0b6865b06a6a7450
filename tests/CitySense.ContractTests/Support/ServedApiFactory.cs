using CitySense.DevHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CitySense.ContractTests.Support;

/// <summary>The DevHost in-process, as README's run command starts it but without demo data.</summary>
public sealed class ServedApiFactory : WebApplicationFactory<DevHostMarker>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DevHost:SeedDemoData", "false");
    }
}
