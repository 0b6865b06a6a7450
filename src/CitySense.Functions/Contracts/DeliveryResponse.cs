using CitySense.Core.Subscriptions;

namespace CitySense.Functions.Contracts;

/// <summary>A delivery record as the API returns it: never the event's body, never a receiver's answer body.</summary>
public sealed record DeliveryResponse(
    string Id,
    string SubscriptionId,
    string EventType,
    string? SensorId,
    string? ReadingId,
    DeliveryStatus Status,
    int Attempts,
    IReadOnlyList<DeliveryAttemptResponse> RecentAttempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DeliveryResponse From(DeliveryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new DeliveryResponse(
            record.Id,
            record.SubscriptionId,
            record.EventType,
            record.SensorId,
            record.ReadingId,
            record.Status,
            record.Attempts,
            [.. record.RecentAttempts.Select(DeliveryAttemptResponse.From)],
            record.Status == DeliveryStatus.Pending ? record.NextAttemptAt : null,
            record.CreatedAt,
            record.UpdatedAt);
    }
}
