using CitySense.Core.Subscriptions;

namespace CitySense.Functions.Contracts;

/// <summary>Body of <c>POST /subscriptions</c> and <c>PUT /subscriptions/{subscriptionId}</c>.</summary>
public sealed record SubscriptionRequest
{
    public string? Url { get; init; }

    public string? Description { get; init; }

    public SubscriptionFilterDraft? Filter { get; init; }

    /// <summary>"active" or "disabled"; absent keeps the current status.</summary>
    public string? Status { get; init; }

    public SubscriptionDraft ToDraft() => new() { Url = Url, Description = Description, Filter = Filter, Status = Status };
}
