using CitySense.Core.Access;
using CitySense.Core.Aggregates;
using CitySense.Core.Audit;
using CitySense.Core.Geo;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using CitySense.Core.Webhooks;
using CitySense.Cosmos;
using CitySense.Functions.Http;
using CitySense.Functions.Telemetry;
using CitySense.Functions.Webhooks;
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
            .Validate(options => options.MaxExportRows is >= 1 and <= 1_000_000, "Readings:MaxExportRows must be from 1 to 1000000.")
            .Validate(
                options => options.RequestBudgetSeconds is >= 1 and <= 60,
                "Readings:RequestBudgetSeconds must be from 1 to 60 (well inside the host's functionTimeout of 2 minutes).")
            .Validate(
                options => options.AggregateSettleSeconds is >= 10 and <= 86_400,
                "Readings:AggregateSettleSeconds must be from 10 to 86400.")
            .ValidateOnStart();

        // Typed results (Ok<T>, Created<T>) serialize with ASP.NET Core's JSON options: make them the API's.
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => CitySenseJson.Configure(options.SerializerOptions));

        services.AddOptions<AuditOptions>()
            .BindConfiguration("Audit")
            .Validate(options => options.RetentionDays is >= 1 and <= 3650, "Audit:RetentionDays must be from 1 to 3650.")
            .ValidateOnStart();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<IAuditedRegistry, SensorAuditRegistry>();
        services.AddSingleton<IAuditedRegistry, GrantAuditRegistry>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<GrantService>();
        services.AddSingleton<SensorService>();
        services.AddSingleton<NearbyService>();
        services.AddSingleton<HistoryReader>();
        services.AddSingleton<HistoryService>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<AggregateService>();
        services.AddSingleton<LatestSummaryService>();
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .Validate(options => options.MaxSubscriptionsPerCaller is >= 1 and <= 1000, "Webhooks:MaxSubscriptionsPerCaller must be from 1 to 1000.")
            .Validate(options => options.SecretGracePeriod >= TimeSpan.Zero && options.SecretGracePeriod <= TimeSpan.FromDays(7), "Webhooks:SecretGracePeriod must be from 0 to 7 days.")
            .Validate(options => options.SubscriptionRefresh >= TimeSpan.FromSeconds(1) && options.SubscriptionRefresh <= TimeSpan.FromMinutes(10), "Webhooks:SubscriptionRefresh must be from 1 second to 10 minutes.")
            .Validate(options => options.MaxAttempts is >= 1 and <= 20, "Webhooks:MaxAttempts must be from 1 to 20.")
            .Validate(
                options => options.FirstRetryDelay >= TimeSpan.Zero && options.MaxRetryDelay >= options.FirstRetryDelay && options.MaxRetryDelay <= TimeSpan.FromDays(6),
                "Webhooks:FirstRetryDelay must be at least 0 and at most Webhooks:MaxRetryDelay, which must be at most 6 days (a queue message is invisible for at most 7).")
            .Validate(options => options.RetryBackoffFactor is >= 1 and <= 10, "Webhooks:RetryBackoffFactor must be from 1 to 10.")
            .Validate(options => options.DisableAfter > TimeSpan.Zero, "Webhooks:DisableAfter must be positive.")
            .Validate(options => options.DeliveryRetentionDays is >= 1 and <= 365, "Webhooks:DeliveryRetentionDays must be from 1 to 365.")
            .ValidateOnStart();
        services.AddSingleton<SubscriptionSnapshot>();
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<WebhookTargetGuard>();
        services.AddSingleton<SubscriptionService>();
        services.TryAddSingleton<IWebhookConnector, SocketWebhookConnector>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookQueues>();
        services.AddSingleton<IReadingEventPublisher, QueueReadingEventPublisher>();
        services.AddSingleton<WebhookFanOut>();
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<QueueDeliveryScheduler>();
        services.AddSingleton<IDeliveryScheduler>(provider => provider.GetRequiredService<QueueDeliveryScheduler>());
        services.AddSingleton<DeliveryService>();
        services.AddCosmosStores();
        services.AddCitySenseTelemetry(configuration);
        return services;
    }
}
