using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Subscriptions;
using CitySense.Core.Webhooks;
using CitySense.Functions.Http;
using StandardWebhooks;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// Delivers one reading to one subscription: a JSON POST signed per Standard Webhooks (webhook-id, webhook-timestamp,
/// webhook-signature with one <c>v1,</c> signature per secret that signs now, two during a rotation's grace period).
/// Outbound safety (OWASP API7): the host is resolved again and every address checked by the
/// <see cref="WebhookTargetGuard"/> inside the connection callback, so the connection goes to an address that was
/// checked, never to a name DNS could answer differently a moment later; no proxy, no redirects followed, no cookies,
/// 10 seconds in all, and at most 4 KB of the answer read (never stored).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const int MaxResponseBytes = 4 * 1024;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient client;
    private readonly WebhookTargetGuard guard;
    private readonly IHostAddressResolver resolver;
    private readonly IWebhookConnector connector;
    private readonly TimeProvider clock;

    public WebhookSender(WebhookTargetGuard guard, IHostAddressResolver resolver, IWebhookConnector connector, TimeProvider clock)
    {
        this.guard = guard;
        this.resolver = resolver;
        this.connector = connector;
        this.clock = clock;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = Timeout };
    }

    /// <summary>The id a receiver de-duplicates by: the same for every attempt of one reading to one subscription.</summary>
    public static string WebhookId(string subscriptionId, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var key = $"{subscriptionId}\n{reading.SensorId}\n{reading.Id}\n{Core.Json.Timestamps.Format(reading.Timestamp)}";
        return "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    /// <summary>Sends <paramref name="reading"/>'s <c>reading.created</c> event with its webhook id.</summary>
    public Task<WebhookDeliveryResult> SendAsync(Subscription subscription, Reading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return SendAsync(subscription, WebhookId(subscription.Id, reading), now => WebhookEvent.For(subscription.Id, reading, now), cancellationToken);
    }

    /// <summary>Sends the event <paramref name="eventAt"/> builds for the sending time, as webhook <paramref name="id"/>.</summary>
    public async Task<WebhookDeliveryResult> SendAsync(
        Subscription subscription,
        string id,
        Func<DateTimeOffset, WebhookEvent> eventAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(eventAt);
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var body = JsonSerializer.Serialize(eventAt(now), CitySenseJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", string.Join(' ', subscription.SigningSecrets(now).Select(secret => new StandardWebhook(secret).Sign(id, now, body))));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await DrainAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            return new WebhookDeliveryResult(status, Stopwatch.GetElapsedTime(started), response.IsSuccessStatusCode ? null : $"The receiver answered {status}.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookTargetRefusedException refused)
        {
            return new WebhookDeliveryResult(null, Stopwatch.GetElapsedTime(started), refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookDeliveryResult(null, Stopwatch.GetElapsedTime(started), $"The receiver could not be reached ({ex.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookDeliveryResult(null, Stopwatch.GetElapsedTime(started), $"The receiver did not answer within {Timeout.TotalSeconds:0} seconds.");
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>Reads at most <see cref="MaxResponseBytes"/> of the answer and drops them: only the status matters.</summary>
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += chunk;
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        IReadOnlyList<IPAddress> addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolver.ResolveAsync(endPoint.Host, cancellationToken);
        if (addresses.Count == 0)
        {
            throw new WebhookTargetRefusedException($"'{endPoint.Host}' has no addresses.");
        }

        foreach (var address in addresses)
        {
            if (guard.CheckAddress(address) is { } refusal)
            {
                throw new WebhookTargetRefusedException($"The target {refusal}.");
            }
        }

        // Plain http passed the guard only for loopback targets (local runs): it must still be loopback now.
        if (context.InitialRequestMessage.RequestUri?.Scheme != Uri.UriSchemeHttps && !addresses.All(AddressRanges.IsLoopback))
        {
            throw new WebhookTargetRefusedException("The target must use https.");
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await connector.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw last!;
    }
}
