using System.Collections.Concurrent;
using CitySense.Core.Problems;
using CitySense.Core.Readings;

namespace CitySense.Testing.Stores;

/// <summary>
/// The reading events queue in memory: keeps what was published, in order; while <see cref="Unavailable"/> is set, a
/// publish throws as the queue adapter does when the queue service cannot take a message.
/// </summary>
public sealed class InMemoryReadingEvents : IReadingEventPublisher
{
    private readonly ConcurrentQueue<Reading> published = new();

    public bool Unavailable { get; set; }

    public IReadOnlyList<Reading> Published => [.. published];

    public Task PublishAsync(Reading reading, CancellationToken cancellationToken)
    {
        if (Unavailable)
        {
            throw new StoreUnavailableException("The reading-events queue could not take the message.", TimeSpan.FromSeconds(5), null);
        }

        published.Enqueue(reading);
        return Task.CompletedTask;
    }
}
