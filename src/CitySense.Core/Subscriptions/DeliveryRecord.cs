using System.Text.Json;
using CitySense.Core.Json;

namespace CitySense.Core.Subscriptions;

/// <summary>
/// What became of one delivery (one event to one subscription), written after each attempt. Its id is the
/// <c>webhook-id</c> the receiver de-duplicates by, the same for every attempt and redelivery.
/// </summary>
public sealed record DeliveryRecord
{
    /// <summary>How many attempts a record keeps (the newest).</summary>
    public const int MaxRecentAttempts = 10;

    public required string Id { get; init; }

    public required string SubscriptionId { get; init; }

    /// <summary>The event type, e.g. <c>reading.created</c> or <c>subscription.ping</c>.</summary>
    public required string EventType { get; init; }

    public string? SensorId { get; init; }

    public string? ReadingId { get; init; }

    /// <summary>The event's subject as it is queued (the reading), kept so a redelivery sends the same event.</summary>
    public JsonElement? Subject { get; init; }

    public required DeliveryStatus Status { get; init; }

    /// <summary>Attempts made, over every redelivery.</summary>
    public required int Attempts { get; init; }

    /// <summary>The newest attempts, oldest first (at most <see cref="MaxRecentAttempts"/>).</summary>
    public required IReadOnlyList<DeliveryAttempt> RecentAttempts { get; init; }

    /// <summary>When the next attempt is due, while pending.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the first attempt was made; the listing's order.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The stored record's version when it was read from the store (changes with every write); null for a record not read.</summary>
    public string? Version { get; init; }

    /// <summary>Newest first, then by id: the order of a subscription's delivery listing.</summary>
    public string SortKey => SortKeyOf(CreatedAt, Id);

    public static string SortKeyOf(DateTimeOffset createdAt, string id) => Timestamps.Format(createdAt) + "|" + id;

    /// <summary>The newest attempts with <paramref name="attempt"/> appended, at most <see cref="MaxRecentAttempts"/>.</summary>
    public static IReadOnlyList<DeliveryAttempt> Append(IReadOnlyList<DeliveryAttempt>? recent, DeliveryAttempt attempt) =>
        [.. (recent ?? []).Append(attempt).TakeLast(MaxRecentAttempts)];
}
