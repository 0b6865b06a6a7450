using CitySense.Core.Subscriptions;

namespace CitySense.Functions.Contracts;

/// <summary>One attempt of a delivery as the API returns it.</summary>
public sealed record DeliveryAttemptResponse(DateTimeOffset At, int? StatusCode, double DurationMs, string? Error)
{
    public static DeliveryAttemptResponse From(DeliveryAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new DeliveryAttemptResponse(attempt.At, attempt.StatusCode, attempt.DurationMs, attempt.Error);
    }
}
