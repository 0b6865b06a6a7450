using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Functions.Http;

namespace CitySense.Functions.Webhooks;

/// <summary>Announces each acknowledged reading with one message on the <see cref="WebhookQueues.ReadingEvents"/> queue.</summary>
public sealed class QueueReadingEventPublisher(WebhookQueues queues) : IReadingEventPublisher
{
    public Task PublishAsync(Reading reading, CancellationToken cancellationToken) =>
        queues.SendAsync(WebhookQueues.ReadingEvents, JsonSerializer.Serialize(ReadingEventMessage.From(reading), CitySenseJson.Options), cancellationToken);
}
