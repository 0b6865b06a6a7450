using CitySense.Cosmos;
using CitySense.ReliabilityTests.Support;
using CitySense.Testing.Faults;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitySense.ReliabilityTests.Faults;

/// <summary>The app's client, rebuilt with the same settings over a transport that can throttle.</summary>
public sealed class ThrottledTransportFixture : ApiFixture
{
    public ThrottlingTransportHandler Transport { get; } = new(new SocketsHttpHandler());

    protected override void ConfigureDefaultServices(IServiceCollection services) =>
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CosmosOptions>>().Value;
            if (options.AllowInsecureLocalCertificate && Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.IsLoopback)
            {
                // As the app does: an emulator's self-signed certificate, on this machine only.
                Transport.InnerHandler = new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
                };
            }

            using var template = CosmosClientFactory.Create(options);
            var settings = template.ClientOptions;
            return new CosmosClient(options.Endpoint, options.Key, new CosmosClientOptions
            {
                ApplicationName = settings.ApplicationName,
                Serializer = settings.Serializer,
                MaxRetryAttemptsOnRateLimitedRequests = settings.MaxRetryAttemptsOnRateLimitedRequests,
                MaxRetryWaitTimeOnRateLimitedRequests = settings.MaxRetryWaitTimeOnRateLimitedRequests,
                RequestTimeout = settings.RequestTimeout,
                ConnectionMode = ConnectionMode.Gateway,
                LimitToEndpoint = true,
                HttpClientFactory = () => new HttpClient(Transport, disposeHandler: false),
            });
        });
}
