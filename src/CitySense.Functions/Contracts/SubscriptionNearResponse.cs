namespace CitySense.Functions.Contracts;

/// <summary>A filter's circle as the API returns it: centre and radius in metres.</summary>
public sealed record SubscriptionNearResponse(double Lat, double Lon, double Radius);
