namespace CitySense.Core.Readings;

/// <summary>
/// Announces a stored reading to what reacts to new readings (webhook delivery). Called after the store succeeded, for
/// every reading an ingest acknowledges, also one that was already stored: a client's retry after a failed announcement
/// announces it again, and receivers de-duplicate by the webhook id, which is stable per reading and subscription.
/// Throws <see cref="Problems.StoreUnavailableException"/> when the announcement could not be made (503, retry).
/// </summary>
public interface IReadingEventPublisher
{
    Task PublishAsync(Reading reading, CancellationToken cancellationToken);
}
