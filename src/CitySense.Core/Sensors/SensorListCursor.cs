namespace CitySense.Core.Sensors;

/// <summary>
/// Position in a sensor listing: the last id returned (and its distance, for near queries), and the query it was
/// returned under, which the next request must repeat.
/// </summary>
public sealed record SensorListCursor(
    string After,
    string? City,
    string? Type,
    string? Status,
    string? Near = null,
    string? Radius = null,
    string? Bbox = null,
    double? Distance = null);
