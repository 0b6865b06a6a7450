using CitySense.Core.Access;
using CitySense.Core.Aggregates;
using CitySense.Core.Audit;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CitySense.Cosmos;

/// <summary>Registers the Cosmos DB implementations of the store ports.</summary>
public static class CosmosServiceCollectionExtensions
{
    public static IServiceCollection AddCosmosStores(this IServiceCollection services)
    {
        services.AddOptions<CosmosOptions>().BindConfiguration(CosmosOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CosmosOptions>, CosmosOptionsValidator>());

        // Custom request handlers (tests count or fail requests with them) are picked up from DI.
        services.AddSingleton(provider => CosmosClientFactory.Create(
            provider.GetRequiredService<IOptions<CosmosOptions>>().Value,
            provider.GetServices<RequestHandler>()));
        services.AddSingleton<CosmosContainers>();
        services.AddSingleton<ISensorStore, CosmosSensorStore>();
        services.AddSingleton<IReadingStore, CosmosReadingStore>();
        services.AddSingleton<IAggregateStore, CosmosAggregateStore>();
        services.AddSingleton<IGrantStore, CosmosGrantStore>();
        services.AddSingleton<IAuditStore, CosmosAuditStore>();
        services.AddSingleton<ISubscriptionStore, CosmosSubscriptionStore>();
        services.AddSingleton<IDeliveryStore, CosmosDeliveryStore>();
        services.AddHostedService<CosmosProvisioner>();
        services.AddHostedService<CosmosWarmUp>();
        return services;
    }
}
