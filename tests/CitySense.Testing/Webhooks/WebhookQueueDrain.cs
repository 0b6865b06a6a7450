using CitySense.Functions.Webhooks;

namespace CitySense.Testing.Webhooks;

/// <summary>
/// Waits until webhook delivery has nothing left to do: both queues hold no message, visible or not. The reading-events
/// queue is read first: a fan-out deletes its event only after it queued the deliveries, so once no event is left every
/// delivery is in the second queue or done.
/// </summary>
public static class WebhookQueueDrain
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<bool> IsDrainedAsync(WebhookQueues queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        foreach (var name in new[] { WebhookQueues.ReadingEvents, WebhookQueues.Deliveries })
        {
            var queue = queues.Queue(name);
            if ((await queue.ExistsAsync(cancellationToken)).Value
                && (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Polls until drained; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(WebhookQueues queues, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (!await IsDrainedAsync(queues, cancel.Token))
            {
                await Task.Delay(Poll, cancel.Token);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"The webhook queues still held messages after {timeout.TotalSeconds:0} s.");
        }
    }
}
