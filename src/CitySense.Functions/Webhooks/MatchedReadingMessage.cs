namespace CitySense.Functions.Webhooks;

/// <summary>
/// A message of the <see cref="WebhookQueues.ReadingEvents"/> queue: a stored reading and the subscriptions it matched
/// when it was ingested (at most <see cref="MaxSubscriptions"/>; more matches are split over several messages).
/// </summary>
public sealed record MatchedReadingMessage(ReadingEventMessage Reading, IReadOnlyList<string> SubscriptionIds)
{
    /// <summary>
    /// Ids per message: 100 subscription ids (≤ 4 KB) beside the largest reading (≈ 17 KB) stay well below the
    /// queue's 64 KB message limit once base64-encoded.
    /// </summary>
    public const int MaxSubscriptions = 100;
}
