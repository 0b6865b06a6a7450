using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Queues;
using CitySense.Core.Problems;
using Microsoft.Extensions.Configuration;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// The two queues webhook delivery runs through, in the storage account of the Functions host's own connection
/// (<c>AzureWebJobsStorage</c>), which the queue triggers use too: a connection string locally, identity-based in Azure
/// (<c>AzureWebJobsStorage__queueServiceUri</c>, <c>__credential</c> managedidentity, <c>__clientId</c>, the app's
/// identity holding Storage Queue Data Contributor). Messages are base64, the host's default <c>messageEncoding</c>.
/// Each queue is created on first use when missing. Pipeline policies registered in DI (<see cref="HttpPipelinePolicy"/>)
/// run on every request of this client, above its own retries, as Cosmos request handlers registered in DI run on the
/// store's client: tests inject queue faults there, and nothing is registered in the app.
/// </summary>
public sealed class WebhookQueues
{
    /// <summary>The connection setting of the triggers (their default) and of this client.</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>One message per acknowledged reading; the fan-out reads it.</summary>
    public const string ReadingEvents = "reading-events";

    /// <summary>One message per (reading, matching subscription); the delivery function reads it.</summary>
    public const string Deliveries = "webhook-deliveries";

    private readonly QueueServiceClient service;
    private volatile bool created;

    public WebhookQueues(IConfiguration configuration, IEnumerable<HttpPipelinePolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(policies);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        // A failed enqueue fails the ingest request (503, the client retries): give up within seconds, not minutes.
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        var connection = configuration[ConnectionName];
        var serviceUri = configuration[ConnectionName + ":queueServiceUri"];
        if (!string.IsNullOrEmpty(connection))
        {
            service = new QueueServiceClient(connection, options);
        }
        else if (Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri))
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration[ConnectionName + ":clientId"] });
            service = new QueueServiceClient(uri, credential, options);
        }
        else
        {
            throw new InvalidOperationException($"{ConnectionName} is not set: give a connection string, or {ConnectionName}__queueServiceUri for an identity-based connection.");
        }
    }

    /// <summary>Whether a queue connection is configured (a connection string or an identity-based service URI).</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrEmpty(configuration[ConnectionName]) || !string.IsNullOrEmpty(configuration[ConnectionName + ":queueServiceUri"]);
    }

    public QueueClient Queue(string name) => service.GetQueueClient(name);

    /// <summary>Adds a message; an unreachable or failing queue service is a <see cref="StoreUnavailableException"/> (503, retry).</summary>
    public Task SendAsync(string queue, string message, CancellationToken cancellationToken) => SendAsync(queue, message, null, cancellationToken);

    /// <summary>Adds a message that stays invisible for <paramref name="visibilityDelay"/> (when given).</summary>
    public async Task SendAsync(string queue, string message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        try
        {
            if (!created)
            {
                // Until both exist; a failed attempt is made again by the next message (creating is idempotent).
                await Task.WhenAll(
                    service.GetQueueClient(ReadingEvents).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                    service.GetQueueClient(Deliveries).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
                created = true;
            }

            await service.GetQueueClient(queue).SendMessageAsync(message, visibilityDelay, timeToLive: null, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"The {queue} queue could not take the message.", TimeSpan.FromSeconds(5), ex);
        }
    }
}
