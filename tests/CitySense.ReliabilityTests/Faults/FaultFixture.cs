using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>
/// Two hosts over one database: <see cref="ApiFixture.Host"/> sends every Cosmos request through
/// <see cref="Faults"/>, and <see cref="CleanClient"/> reads the same data without faults, as a second instance
/// of the app would.
/// </summary>
public sealed class FaultFixture : ApiFixture
{
    /// <summary>The seed of the injected faults; the same seed and request order give the same faults.</summary>
    public const int Seed = 20261128;

    public FaultInjectingRequestHandler Faults { get; } = new(Seed);

    public HttpClient CleanClient { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        CleanClient = StartHost(Host.Database).CreateClient();
    }

    protected override void ConfigureDefaultServices(IServiceCollection services) =>
        services.AddSingleton<RequestHandler>(Faults);
}
