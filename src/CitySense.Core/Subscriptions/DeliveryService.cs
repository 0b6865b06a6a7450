using CitySense.Core.Sensors;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using CitySense.Core.Access;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using Microsoft.Extensions.Logging;

namespace CitySense.Core.Subscriptions;

/// <summary>
/// A subscription's deliveries as its owner (or an admin) sees them: the recent records, a redelivery of one, a ping.
/// Whether the caller may see the subscription is <see cref="SubscriptionService"/>'s rule (another caller's is 404).
/// </summary>
public sealed partial class DeliveryService(
    SubscriptionService subscriptions,
    IDeliveryStore deliveries,
    IDeliveryScheduler scheduler,
    TimeProvider clock,
    ILogger<DeliveryService> logger)
{
    public static bool IsValidId([NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>The subscription's delivery records, newest first, one page at a time.</summary>
    public async Task<Outcome<Page<DeliveryRecord>>> ListAsync(
        Caller caller,
        string subscriptionId,
        DeliveryStatus? status,
        int limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        DeliveryListCursor? position = null;
        if (cursor is not null && (!CursorCodec.TryDecode(cursor, out position) || !IsValidSortKey(position.Before)))
        {
            return Problem.Validation("cursor", "is not a cursor returned by this listing");
        }

        var subscription = await subscriptions.GetAsync(caller, subscriptionId, cancellationToken);
        if (!subscription.Succeeded)
        {
            return subscription.Problem;
        }

        var records = await deliveries.ListAsync(subscriptionId, status, position?.Before, limit + 1, cancellationToken);
        var items = records.Take(limit).ToList();
        return new Page<DeliveryRecord>(items, records.Count > limit ? CursorCodec.Encode(new DeliveryListCursor(items[^1].SortKey)) : null);
    }

    /// <summary>
    /// Sends a succeeded or dead-lettered delivery again: a fresh series of attempts with the same webhook id and event.
    /// The record is marked pending before the message is queued, and only if it is still the version read, so of two
    /// redeliveries at once one queues a series and the other is refused (409), as is any while the series runs; when
    /// queueing fails the record is put back and the failure (503) reaches the caller, who may retry.
    /// </summary>
    public async Task<Outcome<DeliveryRecord>> RedeliverAsync(Caller caller, string subscriptionId, string deliveryId, CancellationToken cancellationToken)
    {
        var found = await subscriptions.GetAsync(caller, subscriptionId, cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem;
        }

        if (found.Value.Status == SubscriptionStatus.Disabled)
        {
            return SubscriptionProblems.Disabled(subscriptionId);
        }

        var record = await deliveries.FindAsync(subscriptionId, deliveryId, cancellationToken);
        if (record is null)
        {
            return SubscriptionProblems.UnknownDelivery(subscriptionId, deliveryId);
        }

        if (record.Status == DeliveryStatus.Pending)
        {
            return SubscriptionProblems.DeliveryPending(deliveryId);
        }

        var now = clock.GetUtcNow();
        var pending = record with { Status = DeliveryStatus.Pending, NextAttemptAt = now, UpdatedAt = now };
        switch (record.Version is null ? StoreWriteStatus.ConditionFailed : await deliveries.ReplaceAsync(pending, record.Version, cancellationToken))
        {
            case StoreWriteStatus.NotFound:
                // Its retention ended since it was read.
                return SubscriptionProblems.UnknownDelivery(subscriptionId, deliveryId);
            case StoreWriteStatus.ConditionFailed:
                // Only a redelivery changes a finished record: another one got there first.
                return SubscriptionProblems.DeliveryPending(deliveryId);
        }
        try
        {
            await scheduler.RedeliverAsync(pending, cancellationToken);
        }
        catch
        {
            await deliveries.SaveAsync(record, CancellationToken.None);
            throw;
        }

        LogRedelivering(deliveryId, subscriptionId, caller.Id);
        return pending;
    }

    /// <summary>Queues a signed test event to the subscription through the same delivery path; returns its delivery id.</summary>
    public async Task<Outcome<string>> PingAsync(Caller caller, string subscriptionId, CancellationToken cancellationToken)
    {
        var found = await subscriptions.GetAsync(caller, subscriptionId, cancellationToken);
        return found.Succeeded ? await scheduler.PingAsync(found.Value, cancellationToken) : found.Problem;
    }

    private static bool IsValidSortKey(string? sortKey) =>
        sortKey is { Length: < 100 } && sortKey.IndexOf('|', StringComparison.Ordinal) is var bar and > 0 && IsValidId(sortKey[(bar + 1)..]);

    [GeneratedRegex("^msg_[0-9a-f]{32}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Redelivering {DeliveryId} of subscription {SubscriptionId} for {CallerId}")]
    private partial void LogRedelivering(string deliveryId, string subscriptionId, string callerId);
}
