using System.Text.Json;
using System.Text.Json.Serialization;
using CitySense.Core.Subscriptions;

namespace CitySense.Cosmos.Documents;

/// <summary>A delivery record in the "deliveries" container (partition key /subscriptionId), expiring <see cref="Ttl"/> seconds after its last write.</summary>
internal sealed record DeliveryDocument
{
    public required string Id { get; init; }

    public required string SubscriptionId { get; init; }

    public required string EventType { get; init; }

    public string? SensorId { get; init; }

    public string? ReadingId { get; init; }

    public JsonElement? Subject { get; init; }

    public required DeliveryStatus Status { get; init; }

    public required int Attempts { get; init; }

    public required IReadOnlyList<DeliveryAttempt> RecentAttempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Creation time, then id: the listing's order, newest first.</summary>
    public required string SortKey { get; init; }

    /// <summary>Seconds the record lives after its last write (the container's TTL is on, with no default).</summary>
    public required int Ttl { get; init; }

    /// <summary>The document's version as the store keeps it; read, never written.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static DeliveryDocument From(DeliveryRecord record, int ttl) => new()
    {
        Id = record.Id,
        SubscriptionId = record.SubscriptionId,
        EventType = record.EventType,
        SensorId = record.SensorId,
        ReadingId = record.ReadingId,
        Subject = record.Subject,
        Status = record.Status,
        Attempts = record.Attempts,
        RecentAttempts = record.RecentAttempts,
        NextAttemptAt = record.NextAttemptAt,
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
        SortKey = record.SortKey,
        Ttl = ttl,
    };

    public DeliveryRecord ToRecord() => new()
    {
        Id = Id,
        SubscriptionId = SubscriptionId,
        EventType = EventType,
        SensorId = SensorId,
        ReadingId = ReadingId,
        Subject = Subject,
        Status = Status,
        Attempts = Attempts,
        RecentAttempts = RecentAttempts,
        NextAttemptAt = NextAttemptAt,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        Version = ETag,
    };
}
