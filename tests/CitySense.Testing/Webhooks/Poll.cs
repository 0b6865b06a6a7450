namespace CitySense.Testing.Webhooks;

/// <summary>Waits for something asynchronous (a delivery, a drained queue) by checking every 100 ms until a timeout.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout) => UntilAsync(() => Task.FromResult(condition()), timeout);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="OperationCanceledException"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var cancel = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            await Task.Delay(Interval, cancel.Token);
        }
    }
}
