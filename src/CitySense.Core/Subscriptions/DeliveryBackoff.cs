namespace CitySense.Core.Subscriptions;

/// <summary>
/// The wait before the next attempt of a failed delivery: exponential backoff with full jitter (a uniform draw between
/// zero and the bound), so receivers that failed together are not retried together.
/// </summary>
public static class DeliveryBackoff
{
    /// <summary>The bound of the wait after failed attempt <paramref name="attempt"/> (1 = the first attempt).</summary>
    public static TimeSpan Bound(int attempt, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = options.FirstRetryDelay.Ticks * Math.Pow(options.RetryBackoffFactor, attempt - 1);
        return ticks >= options.MaxRetryDelay.Ticks ? options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/>, for a <paramref name="sample"/> drawn uniformly from [0, 1).</summary>
    public static TimeSpan Delay(int attempt, WebhookOptions options, double sample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sample, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, 1);
        return TimeSpan.FromTicks((long)(Bound(attempt, options).Ticks * sample));
    }

    /// <summary>The longest time from the first attempt to the last: the sum of the bounds of every wait.</summary>
    public static TimeSpan MaxSpan(WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var span = TimeSpan.Zero;
        for (var attempt = 1; attempt < options.MaxAttempts; attempt++)
        {
            span += Bound(attempt, options);
        }

        return span;
    }
}
