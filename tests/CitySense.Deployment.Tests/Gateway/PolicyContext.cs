namespace CitySense.Deployment.Tests.Gateway;

/// <summary>
/// The part of API Management's policy expression <c>context</c> that the inbound sections of CitySense's policies read,
/// with the member names and types of "API Management policy expressions" (learn.microsoft.com): the request, the
/// matched operation, and the subscription and product of the key API Management accepted (null for a call without one).
/// </summary>
public sealed class PolicyContext
{
    public required PolicyRequest Request { get; init; }

    public required PolicyOperation Operation { get; init; }

    /// <summary>The subscription of the key, or null when the call carries none.</summary>
    public PolicySubscription? Subscription { get; init; }

    /// <summary>The product of the subscription, or null without a key or for a subscription outside any product.</summary>
    public PolicyProduct? Product { get; init; }
}
