using System.Text.Json.Serialization;
using CitySense.Core.Subscriptions;
using CitySense.Functions.Http;

namespace CitySense.Functions.Contracts;

/// <summary>
/// A subscription as the API returns it, with its ETag also in the body. The signing secret is sent only in the
/// answers to its creation and to a rotation, never again.
/// </summary>
public sealed record SubscriptionResponse(
    string Id,
    string OwnerId,
    string Url,
    string? Description,
    SubscriptionFilterResponse Filter,
    string? Secret,
    DateTimeOffset? PreviousSecretExpiresAt,
    SubscriptionStatus Status,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static SubscriptionResponse From(Subscription subscription) => Of(subscription, withSecret: false);

    /// <summary>With the current secret: for the answers to a creation and a rotation only.</summary>
    public static SubscriptionResponse WithSecret(Subscription subscription) => Of(subscription, withSecret: true);

    private static SubscriptionResponse Of(Subscription subscription, bool withSecret)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new SubscriptionResponse(
            subscription.Id,
            subscription.OwnerId,
            subscription.Url,
            subscription.Description,
            SubscriptionFilterResponse.From(subscription.Filter),
            withSecret ? subscription.Secret : null,
            subscription.PreviousSecretExpiresAt,
            subscription.Status,
            subscription.DisabledAt,
            subscription.DisabledReason,
            subscription.CreatedAt,
            subscription.UpdatedAt,
            ETags.For(subscription.Version));
    }
}
