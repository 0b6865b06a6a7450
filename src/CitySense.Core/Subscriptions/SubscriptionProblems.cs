using CitySense.Core.Problems;

namespace CitySense.Core.Subscriptions;

/// <summary>The problems about subscriptions.</summary>
public static class SubscriptionProblems
{
    public const string IdRule = "must be 'sub_' followed by 32 hexadecimal digits";

    /// <summary>Also what a caller gets for a subscription of another caller: whether it exists is not the caller's business.</summary>
    public static Problem Unknown(string id) => Problem.NotFound($"No subscription '{id}'.");

    public static Problem Changed(string id) => new(
        ProblemKind.PreconditionFailed,
        "The subscription has changed.",
        $"If-Match does not match the current ETag of subscription '{id}' (or it changed meanwhile); GET it again and retry with the new ETag.");

    public static Problem LimitReached(int max) => new(
        ProblemKind.SubscriptionLimit,
        "The subscription limit is reached.",
        $"A key may have at most {max} subscriptions; delete one before creating another.");

    public const string DeliveryIdRule = "must be 'msg_' followed by 32 hexadecimal digits";

    public const string StatusRule = "must be 'active' or 'disabled'";

    public static Problem UnknownDelivery(string subscriptionId, string deliveryId) =>
        Problem.NotFound($"Subscription '{subscriptionId}' has no delivery '{deliveryId}' (records are kept for a limited time).");

    public static Problem DeliveryPending(string deliveryId) => new(
        ProblemKind.DeliveryConflict,
        "The delivery is still pending.",
        $"Delivery '{deliveryId}' has attempts scheduled; redeliver it once it has succeeded or failed.");

    public static Problem Disabled(string id) => new(
        ProblemKind.DeliveryConflict,
        "The subscription is disabled.",
        $"Subscription '{id}' is disabled; set its status to 'active' with PUT before redelivering.");
}
