using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CitySense.Functions;

/// <summary>The one registration of CitySense's services, used by the Functions host and the DevHost alike.</summary>
public static class CitySenseServiceCollectionExtensions
{
    public static IServiceCollection AddCitySense(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReadingOptions>()
            .BindConfiguration("Readings")
            .Validate(options => options.RetentionDays is >= 1 and <= 3650, "Readings:RetentionDays must be from 1 to 3650.")
            .ValidateOnStart();
        services.AddSingleton<SensorService>();
        services.AddSingleton<ReadingService>();
        services.AddCosmosStores();
        return services;
    }
}
