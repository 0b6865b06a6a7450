using System.Globalization;
using System.Net;

namespace CitySense.Testing.Faults;

/// <summary>
/// An <see cref="HttpMessageHandler"/> under the Cosmos SDK (gateway mode, via <c>CosmosClientOptions.HttpClientFactory</c>)
/// that answers document requests with 429 and <c>x-ms-retry-after-ms</c>, so the SDK's own throttling retries run
/// exactly as they would against a busy account. Metadata requests pass through.
/// </summary>
public sealed class ThrottlingTransportHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int remaining;
    private int documentRequests;

    /// <summary>How many document requests to throttle from now on (int.MaxValue: all).</summary>
    public int Throttle
    {
        get => Volatile.Read(ref remaining);
        set => Volatile.Write(ref remaining, value);
    }

    /// <summary>The retry-after the throttled answers carry.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Document requests seen since the last <see cref="Reset"/>, throttled or not.</summary>
    public int DocumentRequests => Volatile.Read(ref documentRequests);

    public void Reset()
    {
        Volatile.Write(ref documentRequests, 0);
        Volatile.Write(ref remaining, 0);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        var operation = CosmosOperations.Classify(
            request.Method.Method,
            path,
            isQuery: request.Headers.Contains("x-ms-documentdb-isquery") || request.Headers.Contains("x-ms-cosmos-is-query-plan-request"),
            isUpsert: false);
        if ((operation & CosmosOperation.Documents) == 0)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Interlocked.Increment(ref documentRequests);
        if (!TryTakeThrottle())
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            RequestMessage = request,
            Content = new StringContent(
                """{"code":"TooManyRequests","message":"Request rate is large (CitySense fault injection)."}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        response.Headers.TryAddWithoutValidation("x-ms-retry-after-ms", ((long)RetryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation("x-ms-substatus", "3200");
        response.Headers.TryAddWithoutValidation("x-ms-activity-id", Guid.NewGuid().ToString());
        return response;
    }

    private bool TryTakeThrottle()
    {
        while (true)
        {
            var current = Volatile.Read(ref remaining);
            if (current <= 0)
            {
                return false;
            }

            if (current == int.MaxValue || Interlocked.CompareExchange(ref remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
