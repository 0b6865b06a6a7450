namespace CitySense.Core.Sensors;

/// <summary>Position in a sensor listing: the last id returned, and the filter it was returned under.</summary>
public sealed record SensorListCursor(string After, string? City, string? Type, string? Status);
