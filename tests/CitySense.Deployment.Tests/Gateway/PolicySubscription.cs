namespace CitySense.Deployment.Tests.Gateway;

/// <summary><c>context.Subscription</c>: Id is the subscription's identifier (its resource name), Name its display name.</summary>
public sealed record PolicySubscription(string Id, string Name);
