namespace CitySense.Core.Subscriptions;

/// <summary>Position in a delivery listing: the sort key of the last record returned.</summary>
public sealed record DeliveryListCursor(string Before);
