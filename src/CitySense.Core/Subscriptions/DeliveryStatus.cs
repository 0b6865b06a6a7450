namespace CitySense.Core.Subscriptions;

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>An attempt failed and another is scheduled (or a redelivery was asked for).</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Succeeded,

    /// <summary>Dead-lettered: every attempt failed (or the subscription was disabled); only a redelivery sends it again.</summary>
    Failed,
}
