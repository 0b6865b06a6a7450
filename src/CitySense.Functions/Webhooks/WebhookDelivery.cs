using System.Text.Json;
using CitySense.Core.Problems;
using CitySense.Core.Subscriptions;
using CitySense.Functions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// Makes one attempt of a delivery: reads the subscription (its URL and secrets as they are now; a deleted one is
/// skipped), sends, and records the attempt. A failed attempt queues the next one, invisible for the backoff's delay
/// (<see cref="DeliveryBackoff"/>), and completes; if that queueing fails it throws, so the queue keeps this message and
/// runs it again after host.json's visibility timeout (and to the poison queue after maxDequeueCount failures: the
/// safety net for crashes). After Webhooks:MaxAttempts attempts the delivery is dead-lettered: its record says failed.
/// The webhook id stays the same for every attempt.
/// Cosmos DB per attempt: one point read (the subscription) and one upsert (the record); a write to the subscription
/// only when its health changes (<see cref="SubscriptionHealth"/>).
/// </summary>
public sealed partial class WebhookDelivery(
    ISubscriptionStore subscriptions,
    IDeliveryStore deliveries,
    WebhookSender sender,
    QueueDeliveryScheduler scheduler,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDelivery> logger)
{
    private const string DisabledError = "Not sent: the subscription is disabled.";

    public async Task<DeliveryRecord?> DeliverAsync(WebhookDeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subscription = await subscriptions.FindAsync(message.SubscriptionId, cancellationToken);
        var reading = message.Reading?.ToReading();
        var eventType = message.EventType ?? WebhookEvent.ReadingCreated;
        var id = message.DeliveryId
            ?? (reading is null ? throw new JsonException("A delivery message needs a reading or a delivery id.") : WebhookSender.WebhookId(message.SubscriptionId, reading));
        if (subscription is null)
        {
            LogGone(message.SubscriptionId, id);
            return null;
        }

        var isPing = eventType == WebhookEvent.SubscriptionPing;
        var now = clock.GetUtcNow();
        var record = new DeliveryRecord
        {
            Id = id,
            SubscriptionId = subscription.Id,
            EventType = eventType,
            SensorId = reading?.SensorId.ToString(),
            ReadingId = reading?.Id,
            Subject = message.Reading is null ? null : JsonSerializer.SerializeToElement(message.Reading, CitySenseJson.Options),
            Status = DeliveryStatus.Failed,
            Attempts = message.PriorAttempts + message.Attempt,
            RecentAttempts = [],
            CreatedAt = message.CreatedAt ?? now,
            UpdatedAt = now,
        };

        if (subscription.Status == SubscriptionStatus.Disabled && !isPing)
        {
            // Not attempted: dead-lettered at once, so it can be redelivered once the owner sets it active again.
            await deliveries.SaveAsync(record with { RecentAttempts = DeliveryRecord.Append(message.RecentAttempts, new DeliveryAttempt(now, null, 0, DisabledError)) }, cancellationToken);
            LogDeadLettered(subscription.Id, id, message.Attempt);
            return record;
        }

        var result = await sender.SendAsync(
            subscription,
            id,
            at => isPing ? WebhookEvent.Ping(subscription.Id, at) : WebhookEvent.For(subscription.Id, reading!, at),
            cancellationToken);
        var attempt = new DeliveryAttempt(now, result.StatusCode, Math.Round(result.Duration.TotalMilliseconds, 1), result.Error);
        record = record with { RecentAttempts = DeliveryRecord.Append(message.RecentAttempts, attempt) };

        if (result.Succeeded)
        {
            record = record with { Status = DeliveryStatus.Succeeded };
            LogDelivered(subscription.Id, id, result.StatusCode!.Value, result.Duration.TotalMilliseconds, message.Attempt);

            // Delivered: the record is what shows it, but losing its write must not send the event again.
            await SaveQuietlyAsync(record, cancellationToken);
        }
        else if (message.Attempt < options.Value.MaxAttempts)
        {
            var delay = QueueDeliveryScheduler.WholeSeconds(DeliveryBackoff.Delay(message.Attempt, options.Value, Random.Shared.NextDouble()));
            record = record with { Status = DeliveryStatus.Pending, NextAttemptAt = now + delay };
            var next = message with
            {
                DeliveryId = id,
                EventType = eventType,
                Attempt = message.Attempt + 1,
                RecentAttempts = record.RecentAttempts,
                CreatedAt = record.CreatedAt,
            };

            // Throws when the next attempt cannot be queued: this message then stays and is attempted again.
            await scheduler.ScheduleAsync(next, delay, cancellationToken);
            LogRetrying(subscription.Id, id, message.Attempt, result.StatusCode, result.Error, delay.TotalSeconds);

            // The next attempt carries the record's state and writes it again: a lost write here loses nothing.
            await SaveQuietlyAsync(record, cancellationToken);
        }
        else
        {
            // Dead-lettered: the record is the only trace, so a failure to write it throws and the attempt is made again.
            await deliveries.SaveAsync(record, cancellationToken);
            LogDeadLettered(subscription.Id, id, message.Attempt);
        }

        if (!isPing)
        {
            await UpdateHealthAsync(subscription, result.Succeeded, now, cancellationToken);
        }

        return record;
    }

    /// <summary>Writes the subscription only on a health transition; a failed write is logged and made by a later attempt.</summary>
    private async Task UpdateHealthAsync(Subscription subscription, bool succeeded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            switch (SubscriptionHealth.After(subscription, succeeded, now, options.Value.DisableAfter))
            {
                case SubscriptionHealthChange.StartedFailing:
                    await subscriptions.SetFailingSinceAsync(subscription.Id, now, cancellationToken);
                    break;
                case SubscriptionHealthChange.Recovered:
                    await subscriptions.SetFailingSinceAsync(subscription.Id, null, cancellationToken);
                    break;
                case SubscriptionHealthChange.Disable:
                    var disabled = subscription with
                    {
                        Status = SubscriptionStatus.Disabled,
                        DisabledAt = now,
                        DisabledReason = SubscriptionHealth.DisabledReason(subscription.FailingSince!.Value),
                        Version = SubscriptionService.NewVersion(),
                        UpdatedAt = now,
                    };
                    if (await subscriptions.DisableAsync(disabled, subscription.Version, cancellationToken) == Core.Sensors.StoreWriteStatus.Written)
                    {
                        LogDisabled(subscription.Id, subscription.FailingSince.Value);
                    }

                    break;
            }
        }
        catch (StoreUnavailableException ex)
        {
            LogHealthNotWritten(ex, subscription.Id);
        }
    }

    private async Task SaveQuietlyAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await deliveries.SaveAsync(record, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            LogRecordNotWritten(ex, record.SubscriptionId, record.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} is gone; delivery {DeliveryId} not made")]
    private partial void LogGone(string subscriptionId, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to subscription {SubscriptionId} failed on attempt {Attempt} ({StatusCode}: {Error}); next attempt in {DelaySeconds} s")]
    private partial void LogRetrying(string subscriptionId, string deliveryId, int attempt, int? statusCode, string? error, double delaySeconds);

    /// <summary>The custom event name the <c>webhook-dead-letters</c> alert counts (docs/azure.md); renaming it breaks the alert.</summary>
    public const string DeadLetteredEvent = "WebhookDeadLettered";

    // A log record with the attribute microsoft.custom_event.name becomes a custom event (AppEvents) in Application
    // Insights through the Azure Monitor exporter. Written with LoggerMessage.Define: the attribute's name is not a C#
    // identifier, which the logging source generator requires.
#pragma warning disable CA1727 // The exporter's attribute name is fixed, not ours to PascalCase.
    private static readonly Action<ILogger, string, string, string, int, Exception?> DeadLettered = LoggerMessage.Define<string, string, string, int>(
        LogLevel.Warning,
        new EventId(4101, DeadLetteredEvent),
        "{microsoft.custom_event.name}: delivery {DeliveryId} to subscription {SubscriptionId} dead-lettered after attempt {Attempt}");
#pragma warning restore CA1727

    private void LogDeadLettered(string subscriptionId, string deliveryId, int attempt) =>
        DeadLettered(logger, DeadLetteredEvent, deliveryId, subscriptionId, attempt, null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {DeliveryId} to subscription {SubscriptionId}: {StatusCode} in {Milliseconds} ms (attempt {Attempt})")]
    private partial void LogDelivered(string subscriptionId, string deliveryId, int statusCode, double milliseconds, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} disabled: its deliveries have failed since {FailingSince}")]
    private partial void LogDisabled(string subscriptionId, DateTimeOffset failingSince);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The health of subscription {SubscriptionId} could not be written; a later attempt writes it")]
    private partial void LogHealthNotWritten(Exception exception, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The record of delivery {DeliveryId} to subscription {SubscriptionId} could not be written")]
    private partial void LogRecordNotWritten(Exception exception, string subscriptionId, string deliveryId);
}
