using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Subscriptions;
using CitySense.Functions.Http;

namespace CitySense.Functions.Webhooks;

/// <summary>
/// Announces an acknowledged reading on the <see cref="WebhookQueues.ReadingEvents"/> queue when subscriptions match
/// it, with their ids (one message per <see cref="MatchedReadingMessage.MaxSubscriptions"/>). Matching runs in memory
/// against <see cref="SubscriptionSnapshot"/>: a reading that no subscription matches costs no queue operation.
/// </summary>
public sealed class QueueReadingEventPublisher(SubscriptionSnapshot subscriptions, WebhookQueues queues) : IReadingEventPublisher
{
    public async Task PublishAsync(Reading reading, CancellationToken cancellationToken)
    {
        var matching = await subscriptions.MatchingAsync(reading, cancellationToken);
        if (matching.Count == 0)
        {
            return;
        }

        var message = ReadingEventMessage.From(reading);
        foreach (var ids in matching.Chunk(MatchedReadingMessage.MaxSubscriptions))
        {
            var body = JsonSerializer.Serialize(new MatchedReadingMessage(message, ids), CitySenseJson.Options);
            await queues.SendAsync(WebhookQueues.ReadingEvents, body, cancellationToken);
        }
    }
}
