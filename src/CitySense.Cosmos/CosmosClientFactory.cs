using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Creates the one CosmosClient of the process.</summary>
public static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosOptions options, IEnumerable<RequestHandler>? handlers = null)
    {
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException(
                "Cosmos:Endpoint is not set to an absolute URL. Set it (Cosmos__Endpoint) or run the DevHost, which starts a local server.");
        }

        // The SDK reads this switch once, when its first client starts tracing: set it before any client exists, so
        // the operation spans below are published whichever client of the process comes first.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        var local = !string.IsNullOrEmpty(options.Key);
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "CitySense",
            Serializer = new Utf8CosmosSerializer(CosmosJson.Options),

            // A request may wait out throttling for a few seconds, then the API answers 503 with Retry-After instead
            // of holding the caller past the gateway's timeout. The SDK's own retries cover 410/449/503 transients.
            MaxRetryAttemptsOnRateLimitedRequests = 3,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(5),
            RequestTimeout = TimeSpan.FromSeconds(10),

            // Direct mode is faster in Azure; local servers and emulators speak only the gateway protocol.
            ConnectionMode = local ? ConnectionMode.Gateway : ConnectionMode.Direct,
            LimitToEndpoint = local,

            // Each operation is a span (source Azure.Cosmos.Operation) with its status code, request charge and
            // latency; the query text is never recorded (it can hold ids and filter values).
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions
            {
                DisableDistributedTracing = false,
                QueryTextMode = QueryTextMode.None,
            },
        };

        if (options.AllowInsecureLocalCertificate && CosmosOptionsValidator.IsLoopback(endpoint))
        {
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                // Only ever for an emulator on this machine, whose certificate is self-signed.
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
        }

        clientOptions.CustomHandlers.Add(new RetryAfterHandler());
        foreach (var handler in handlers ?? [])
        {
            clientOptions.CustomHandlers.Add(handler);
        }

        return local
            ? new CosmosClient(endpoint.ToString(), options.Key, clientOptions)
            : new CosmosClient(endpoint.ToString(), new DefaultAzureCredential(), clientOptions);
    }
}
