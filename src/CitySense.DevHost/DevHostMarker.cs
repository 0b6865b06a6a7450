namespace CitySense.DevHost;

/// <summary>Names the DevHost assembly for WebApplicationFactory (the Functions project has a Program too).</summary>
public sealed class DevHostMarker;
