namespace CitySense.Functions.Contracts;

/// <summary>Body of <c>GET /health</c>.</summary>
public sealed record HealthResponse(string Status, string Version);
