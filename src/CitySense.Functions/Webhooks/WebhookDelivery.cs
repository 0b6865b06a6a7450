using CitySense.Core.Readings;
using CitySense.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// Makes one delivery: reads the subscription (its URL and secrets as they are now; a deleted one is skipped) and
/// sends. A failed delivery throws, so the queue makes it visible again after the visibility timeout and moves it to
/// the poison queue after maxDequeueCount attempts (host.json); the webhook id stays the same for every attempt.
/// </summary>
public sealed partial class WebhookDelivery(ISubscriptionStore subscriptions, WebhookSender sender, ILogger<WebhookDelivery> logger)
{
    public async Task<WebhookDeliveryResult?> DeliverAsync(string subscriptionId, Reading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var subscription = await subscriptions.FindAsync(subscriptionId, cancellationToken);
        if (subscription is null)
        {
            LogGone(subscriptionId, reading.Id);
            return null;
        }

        var result = await sender.SendAsync(subscription, reading, cancellationToken);
        if (!result.Succeeded)
        {
            LogFailed(subscriptionId, reading.Id, result.StatusCode, result.Error);
            throw new WebhookDeliveryFailedException($"Delivery to subscription {subscriptionId} failed: {result.Error}");
        }

        LogDelivered(subscriptionId, reading.Id, result.StatusCode!.Value, result.Duration.TotalMilliseconds);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} is gone; reading {ReadingId} not delivered")]
    private partial void LogGone(string subscriptionId, string readingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of reading {ReadingId} to subscription {SubscriptionId} failed ({StatusCode}): {Error}")]
    private partial void LogFailed(string subscriptionId, string readingId, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered reading {ReadingId} to subscription {SubscriptionId}: {StatusCode} in {Milliseconds} ms")]
    private partial void LogDelivered(string subscriptionId, string readingId, int statusCode, double milliseconds);
}
