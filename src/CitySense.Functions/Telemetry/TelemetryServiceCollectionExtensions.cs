using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace CitySense.Functions.Telemetry;

/// <summary>
/// OpenTelemetry for the worker, as the Functions isolated-worker guide sets it up (the host side is
/// <c>"telemetryMode": "OpenTelemetry"</c> in host.json): the worker's invocation spans correlated with the host's
/// request, Cosmos DB operations as dependency spans, logs, and an export to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, signed in with the app's managed identity (the resource has
/// local auth disabled). Only ids and outcomes are recorded: no payload values, no query text, no keys.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The Cosmos DB SDK's operation spans (distributed tracing).</summary>
    public const string CosmosActivitySource = "Azure.Cosmos.Operation";

    public static IServiceCollection AddCitySenseTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // The Cosmos DB SDK publishes its spans only with the Azure SDKs' activity-source switch, which
        // CosmosClientFactory sets before it creates a client.
        services.AddOptions<TelemetryOptions>()
            .BindConfiguration("Telemetry")
            .Validate(options => options.SuccessSamplingRatio is >= 0 and <= 1, "Telemetry:SuccessSamplingRatio must be from 0 to 1.")
            .ValidateOnStart();

        var connectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        void Export(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = connectionString;
            options.Credential = new DefaultAzureCredential();
        }

        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing =>
            {
                tracing.AddSource(CosmosActivitySource);
                tracing.AddProcessor(provider =>
                    new FailureKeepingSampler(provider.GetRequiredService<IOptions<TelemetryOptions>>().Value.SuccessSamplingRatio));
                if (!string.IsNullOrEmpty(connectionString))
                {
                    tracing.AddAzureMonitorTraceExporter(Export);
                }
            });

        if (!string.IsNullOrEmpty(connectionString))
        {
            services.AddLogging(logging => logging.AddOpenTelemetry(options => options.AddAzureMonitorLogExporter(Export)));
        }

        return services;
    }
}
